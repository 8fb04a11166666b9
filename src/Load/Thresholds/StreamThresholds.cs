using System.Globalization;
using Bench.Load.Results;
using HdrHistogram;

namespace Bench.Load.Thresholds;

/// <summary>
/// The value a stream threshold compares ("sse.lag.p99", "sse.gaps", "ws.open"), read from a
/// stream result and its histograms, in the canonical unit (microseconds, counts). A run judges its
/// own thresholds with it and a merge judges the merged data with the same code. NaN when the
/// threshold names another scenario's metric, so it fails instead of passing silently.
/// </summary>
public static class StreamThresholds
{
    public static double Value(StreamResult stream, Threshold t, Func<string, HistogramBase?> histogram)
    {
        int dot = t.Source.IndexOf('.');
        string prefix = dot < 0 ? t.Source : t.Source[..dot];
        if (prefix != stream.Kind) return double.NaN;
        if (dot < 0)
        {
            if (stream.Counters.TryGetValue(t.Metric, out long count)) return count;
            if (stream.Gauges.TryGetValue(t.Metric, out var gauge)) return gauge.AtHoldEnd ?? gauge.Current;
            return double.NaN;
        }
        if (!stream.Latencies.ContainsKey(t.Source[(dot + 1)..]) || histogram(t.Source) is not { TotalCount: > 0 } h) return double.NaN;
        return Statistic(h, t.Metric);
    }

    /// <summary>A step threshold (<c>step[name].p99</c>, <c>.errors</c>, <c>.rate</c>) read from a step's result, as a merge of shards judges it.</summary>
    public static double StepValue(IReadOnlyList<StepResult>? steps, Threshold t, double elapsedSeconds)
    {
        if (steps?.FirstOrDefault(s => s.Name == t.StepName) is not { } step) return double.NaN;
        switch (t.Metric)
        {
            case "errors": return step.Count > 0 ? (double)step.Failed / step.Count : 0;
            case "requests": return step.Count;
            case "failed": return step.Failed;
            case "rate": return elapsedSeconds > 0 ? step.Count / elapsedSeconds : 0;
        }
        var h = Metrics.HistogramCodec.Decode(step.Histogram);
        return h.TotalCount == 0 ? double.NaN : Statistic(h, t.Metric);
    }

    /// <summary>max, min, mean or pNN of a latency histogram, in microseconds.</summary>
    public static double Statistic(HistogramBase h, string metric) => metric switch
    {
        "max" => h.GetMaxValue(),
        "min" => h.LowestEquivalentValue(h.RecordedValues().First().ValueIteratedTo),
        "mean" => h.GetMean(),
        _ => h.GetValueAtPercentile(double.Parse(metric[1..], CultureInfo.InvariantCulture)),
    };
}
