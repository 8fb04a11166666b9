namespace Bench.Load.Results;

/// <summary>The figures both progress displays show: elapsed/total, rate, p99, errors, VUs.</summary>
public static class ProgressLine
{
    public static string Format(RunResult s, TimeSpan total)
    {
        // A mixed run's top level has no per-second series of its own (its parts do): the run so far, said so.
        if (s.Series.Count == 0)
            return $"[{s.Totals.DurationSeconds,5:0}s/{total.TotalSeconds:0}s] so far: rate {s.Totals.Rate,9:N0}/s  p50 {Ms(s.Latency.Latency.P50),8}  p99 {Ms(s.Latency.Latency.P99),8}  " +
                   $"errors {s.Totals.Failed:N0} ({s.Totals.ErrorRate:P2})  dropped {s.Totals.Dropped:N0}";
        var p = s.Series[^1];
        return $"[{p.ElapsedSeconds,5:0}s/{total.TotalSeconds:0}s] rate {p.Rate,9:N0}/s  p50 {Ms(p.P50),8}  p99 {Ms(p.P99),8}  " +
               $"errors {s.Totals.Failed:N0} ({s.Totals.ErrorRate:P2})  VUs {p.ActiveVus:N0}  dropped {s.Totals.Dropped:N0}";
    }

    public static string Ms(long micros) => micros >= 10_000 ? $"{micros / 1000.0:0}ms" : $"{micros / 1000.0:0.00}ms";
}
