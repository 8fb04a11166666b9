using Bench.Compare.Model;
using Bench.Compare.Statistics;

namespace Bench.Compare.Rules;

/// <summary>
/// Allocations per operation, threads, memory per idle connection barely move between runs
/// (BDN's allocation figure was byte-identical across runs here), and neither do instructions per
/// operation counted under callgrind, so medians are compared
/// directly against a committed baseline or the other side, with no statistics: a change must
/// exceed both the relative threshold and the absolute floor.
/// </summary>
public static class ResourceRule
{
    public static MetricComparison Decide(string cell, MetricDefinition metric, SampleSummary? @base, SampleSummary? head)
    {
        // New in head is no regression; measured in base but missing in head (a benchmark that
        // failed to run, say) cannot be judged, and must not pass quietly.
        if (@base is null)
            return new() { Cell = cell, Metric = metric, Head = head, Verdict = Verdict.Trend, Note = "new in head" };
        if (head is null)
            return new() { Cell = cell, Metric = metric, Base = @base, Verdict = metric.Gated ? Verdict.Inconclusive : Verdict.Trend, Gated = metric.Gated, Note = "not measured in head" };
        if (!metric.Gated)
            return new() { Cell = cell, Metric = metric, Base = @base, Head = head, Verdict = Verdict.Trend };
        double b = @base.Median, h = head.Median;
        double allowed = Math.Max(metric.RelativeThreshold * Math.Abs(b), metric.AbsoluteFloor);
        double worse = metric.Better == Better.Lower ? h - b : b - h;
        var verdict = worse > allowed ? Verdict.Slower : -worse > allowed ? Verdict.Faster : Verdict.Same;
        string? note = verdict == Verdict.Same ? null : $"{(worse > 0 ? "+" : "−")}{metric.Format(Math.Abs(h - b))} (allowed {metric.Format(allowed)})";
        return new() { Cell = cell, Metric = metric, Base = @base, Head = head, Verdict = verdict, Gated = true, Note = note };
    }
}
