using Bench.Load.Results;

namespace Bench.LoadGen.Cli;

/// <summary>
/// The final summary of any result: a single run, a long-lived run, a mixed run part by part, and
/// what a shard or a merge of shards adds (where each shard ran, how late it started, what it held).
/// </summary>
public static class ResultPrinter
{
    public static void Print(RunResult r, TextWriter o)
    {
        if (r.Scenarios is { } parts)
        {
            foreach (var part in parts)
            {
                o.WriteLine();
                o.WriteLine($"== {part.Name} (from {part.StartSeconds:0.###}s) ==");
                SummaryPrinter.Print(part.Result, o);
                StreamSummaryPrinter.Print(part.Result.Stream, o);
            }
            o.WriteLine();
            o.WriteLine($"mixed run: exit code {r.ExitCode}" + (r.Validity.Valid ? "" : " (INVALID: " + string.Join("; ", r.Validity.Reasons) + ")"));
        }
        else
        {
            SummaryPrinter.Print(r, o);
            StreamSummaryPrinter.Print(r.Stream, o);
        }
        if (r.Shard is { } s)
            o.WriteLine($"  shard      {s.Index}/{s.Count} on {s.Host}" + (s.StartSkewMs is { } skew ? $", load began {skew:0.#} ms {(skew >= 0 ? "after" : "before")} --start-at {StartText(s.StartAt)}" : ""));
        if (r.Merge is { } m)
        {
            o.WriteLine($"  merged     {m.Count} shards" + (m.RunId is null ? "" : $" of run {m.RunId}"));
            foreach (var x in m.Shards)
                o.WriteLine($"  shard {x.Index,-4} {x.Host}: {x.Requests:N0} requests, {x.Status}, {(x.Valid ? "valid" : "INVALID")}, CPU {x.CpuPercent:0}%"
                    + (x.StartSkewMs is { } skew ? $", started {skew:0.#} ms late" : "")
                    + (x.GeneratorMemory is { } mem ? $", {mem.Connections:N0} held, RSS {mem.RssAtHoldEndKiB / 1024.0:0} MiB, {mem.DescriptorsAtHoldEnd:N0} fds" : ""));
        }
    }

    private static string StartText(DateTimeOffset? at) => at is { } t ? Load.Scale.StartTime.Format(t) : "?";
}
