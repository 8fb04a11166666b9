using Bench.LoadGen.Engine;
using Bench.LoadGen.Models;
using Bench.LoadGen.Results;

namespace Bench.LoadGen.Cli;

/// <summary>Progress for logs and CI: one line every few seconds instead of a redrawn table.</summary>
public sealed class PlainProgress(TextWriter output, TimeSpan every) : IRunObserver
{
    private TimeSpan _total;
    private double _lastPrinted;

    public void OnPhase(string phase, TimeSpan duration)
    {
        _total = duration;
        output.WriteLine($"{phase} for {ModelText.Duration(duration)}");
    }

    public void OnSample(RunResult snapshot)
    {
        var point = snapshot.Series[^1];
        if (point.ElapsedSeconds - _lastPrinted < every.TotalSeconds - 0.05) return;
        _lastPrinted = point.ElapsedSeconds;
        output.WriteLine(ProgressLine.Format(snapshot, _total));
    }
}

/// <summary>The figures both progress displays show: elapsed/total, rate, p99, errors, VUs.</summary>
public static class ProgressLine
{
    public static string Format(RunResult s, TimeSpan total)
    {
        var p = s.Series[^1];
        return $"[{p.ElapsedSeconds,5:0}s/{total.TotalSeconds:0}s] rate {p.Rate,9:N0}/s  p50 {Ms(p.P50),8}  p99 {Ms(p.P99),8}  " +
               $"errors {s.Totals.Failed:N0} ({s.Totals.ErrorRate:P2})  VUs {p.ActiveVus:N0}  dropped {s.Totals.Dropped:N0}";
    }

    public static string Ms(long micros) => micros >= 10_000 ? $"{micros / 1000.0:0}ms" : $"{micros / 1000.0:0.00}ms";
}
