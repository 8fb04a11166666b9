using Bench.Load.Results;
using HdrHistogram;

namespace Bench.Load.Metrics;

/// <summary>The percentile set Bench reports everywhere: a superset of wrk, k6 and NBomber (docs/ARCHITECTURE.md §3).</summary>
public static class Percentiles
{
    public static LatencySummary Summarize(HistogramBase h)
    {
        if (h.TotalCount == 0) return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new LatencySummary(
            Count: h.TotalCount,
            Mean: Math.Round(h.GetMean(), 1),
            StdDev: Math.Round(h.GetStdDeviation(), 1),
            Min: h.LowestEquivalentValue(h.RecordedValues().First().ValueIteratedTo),
            P50: h.GetValueAtPercentile(50),
            P75: h.GetValueAtPercentile(75),
            P90: h.GetValueAtPercentile(90),
            P95: h.GetValueAtPercentile(95),
            P99: h.GetValueAtPercentile(99),
            P999: h.GetValueAtPercentile(99.9),
            P9999: h.GetValueAtPercentile(99.99),
            Max: h.GetMaxValue());
    }
}
