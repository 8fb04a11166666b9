using Bench.Suites.Claims;
using Bench.Suites.Results;
using Bench.Load.Results;

namespace Bench.Suites;

/// <summary>
/// The plain-text summary printed after a suite (until the HTML report of issue 7 exists): one
/// table per group, then the claims table with each verdict and its deciding numbers.
/// </summary>
public static class SummaryTables
{
    public static void Print(SuiteResults results, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine($"suite {results.SuiteName}: {results.Status}, {results.Cells.Count} of {results.PlannedCells} cells, " +
            $"{results.Cells.Count(c => c.Status == CellStatus.Completed)} completed, {results.Cells.Count(c => c.Status == CellStatus.Failed)} failed, " +
            $"{results.Cells.Count(c => c.Status == CellStatus.Skipped)} skipped");
        foreach (var group in results.Cells.GroupBy(c => c.Group))
        {
            var first = group.First();
            o.WriteLine();
            o.WriteLine(first.Claim is { } claim ? $"{group.Key} (claim {claim})" : group.Key);
            o.WriteLine($"  {"target",-16} {"scenario",-12} {"load",-10} {"rep",3} {"status",-11} {"ok/s",9} {"p50",9} {"p99",9} {"errors",8} {"RSS MiB",8} {"threads",7} {"CPU%",5} {"CPU ms/req",10}");
            foreach (var c in group) o.WriteLine("  " + Row(c));
            foreach (var c in group.Where(c => c.Status is CellStatus.Failed or CellStatus.Skipped).DistinctBy(c => c.Reason).Take(5))
                o.WriteLine($"    {c.Status}: {c.Reason}" + (c.TargetOutput.Count > 0 ? $" | {c.TargetOutput[^1]}" : ""));
        }
        foreach (var line in results.Calibrations) o.WriteLine($"calibrated: {line}");
        if (results.Claims.Count == 0) return;
        o.WriteLine();
        o.WriteLine("claims");
        foreach (var v in results.Claims)
        {
            o.WriteLine($"  {v.Claim}. {v.Verdict.ToUpperInvariant(),-13} {v.Title}");
            foreach (var p in v.Parts) o.WriteLine($"     {PartDecision(p.Decision),-12} {p.Name}: {p.Text} (line: {p.Threshold})");
            o.WriteLine($"     {v.Summary}");
            foreach (var note in v.Notes) o.WriteLine($"     note: {note}");
            foreach (var silent in v.NotVoting) o.WriteLine($"     did not vote: {silent}");
        }
    }

    private static string Row(CellResult c)
    {
        string load = c.Connections is { } n ? $"c={n}" : $"r={c.Rate}";
        string head = $"{Cut(c.Target.Name, 16),-16} {Cut(c.Scenario.Name, 12),-12} {load,-10} {c.Repeat,3} {c.Status,-11}";
        if (c.Run is null) return head;
        var t = c.Run.Totals;
        var s = c.Server;
        string valid = c.Run.Validity.Valid ? "" : " *invalid";
        // A stream cell's HTTP latency is its session length: its columns stay empty and its own delay follows the row.
        string? stream = StreamLatency.Describe(c.Run);
        string p50 = stream is null ? ProgressLine.Ms(c.Run.Latency.Latency.P50) : "-", p99 = stream is null ? ProgressLine.Ms(c.Run.Latency.Latency.P99) : "-";
        valid += stream is null ? "" : $"  ({stream})";
        return head + $" {t.Ok / Math.Max(1e-9, t.DurationSeconds),9:N0} {p50,9} {p99,9} {t.ErrorRate,8:P1}" +
            $" {(s is null ? "-" : (s.PeakRssBytes / 1048576.0).ToString("0.0")),8} {(s is null ? "-" : s.PeakThreads.ToString()),7} {(s is null ? "-" : s.CpuPercentMean.ToString("0")),5}" +
            $" {(s?.CpuSecondsPerRequest is { } cpu ? (cpu * 1000).ToString("0.000") : "-"),10}{valid}";
    }

    private static string PartDecision(string decision) => decision switch
    {
        "Yes" => "yes",
        "No" => "no",
        _ => "inconclusive",
    };

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
