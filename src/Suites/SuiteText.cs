using Bench.Suites.Results;
using Bench.Load.Results;


namespace Bench.Suites;

/// <summary>One-line descriptions of cells, shared by the progress displays and the summary.</summary>
public static class SuiteText
{
    public static string CellLine(CellResult r)
    {
        // Any status can come without a run: skipped, failed, or interrupted before the load began.
        if (r.Run is null)
            return $"{r.Status}: {r.Reason}" + (r.TargetOutput.Count > 0 ? $" | last output: {r.TargetOutput[^1]}" : "");
        var t = r.Run!.Totals;
        var s = r.Server;
        string server = s is null ? "" : $"  server RSS {s.PeakRssBytes / 1048576.0:0.0} MiB, {s.PeakThreads} threads, CPU {s.CpuPercentMean:0}%";
        string validity = r.Run.Validity.Valid ? "" : "  [invalid: generator-bound]";
        string latency = StreamLatency.Describe(r.Run) ?? $"p50 {ProgressLine.Ms(r.Run.Latency.Latency.P50)}, p99 {ProgressLine.Ms(r.Run.Latency.Latency.P99)}";
        return $"{r.Status}{(r.Reason is null ? "" : $" ({r.Reason})")}: {t.Ok / Math.Max(1e-9, t.DurationSeconds):N0} ok/s, " +
               $"{latency}, errors {t.ErrorRate:P2}{server}{validity}";
    }
}
