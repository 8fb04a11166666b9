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
        return t.Metric switch
        {
            "max" => h.GetMaxValue(),
            "min" => h.LowestEquivalentValue(h.RecordedValues().First().ValueIteratedTo),
            "mean" => h.GetMean(),
            _ => h.GetValueAtPercentile(double.Parse(t.Metric[1..], CultureInfo.InvariantCulture)),
        };
    }
}
