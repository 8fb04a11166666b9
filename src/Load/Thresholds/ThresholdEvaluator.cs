using System.Globalization;
using Bench.Load.Results;

namespace Bench.Load.Thresholds;

/// <summary>Checks thresholds against a run's results; percentiles are read from the lossless histograms.</summary>
public static class ThresholdEvaluator
{
    /// <param name="stream">Reads stream thresholds (<c>sse.gaps</c>, <c>ws.rtt.p99</c>) from the scenario's own metrics; NaN fails them.</param>
    /// <param name="step">Reads step thresholds (<c>step[login].p99</c>) from a code scenario's steps; NaN (a step that never ran) fails them.</param>
    public static IReadOnlyList<ThresholdResult> Evaluate(IEnumerable<Threshold> thresholds, Totals totals, Func<string, HdrHistogram.HistogramBase> histogram, LatencyBreakdown latency,
        Func<Threshold, double>? stream = null, Func<Threshold, double>? step = null)
    {
        var results = new List<ThresholdResult>();
        foreach (var t in thresholds)
        {
            double canonical = t.IsStep ? step?.Invoke(t) ?? double.NaN
                : t.IsStream ? stream?.Invoke(t) ?? double.NaN
                : Actual(t, totals, histogram, latency);
            var (display, unit) = t.IsLatency ? (canonical / 1000, "ms") : t.Metric == "errors" ? (canonical * 100, "%") : t.Metric == "rate" ? (canonical, "/s") : (canonical, "");
            results.Add(new ThresholdResult(t.Expression, Math.Round(display, 3), unit, t.Holds(canonical)));
        }
        return results;
    }

    private static double Actual(Threshold t, Totals totals, Func<string, HdrHistogram.HistogramBase> histogram, LatencyBreakdown latency)
    {
        switch (t.Metric)
        {
            case "errors": return totals.ErrorRate;
            case "rate": return totals.Rate;
            case "requests": return totals.Requests;
            case "failed": return totals.Failed;
            case "dropped": return totals.Dropped;
        }
        var summary = t.Source switch
        {
            "uncorrected" => latency.Uncorrected,
            "ttfb" => latency.Ttfb,
            "connect" => latency.Connect,
            _ => latency.Latency,
        };
        if (t.Metric == "max") return summary.Max;
        if (t.Metric == "min") return summary.Min;
        if (t.Metric == "mean") return summary.Mean;
        double pct = double.Parse(t.Metric[1..], CultureInfo.InvariantCulture);
        var h = histogram(t.Source);
        return h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(pct);
    }
}
