using Bench.Compare.Model;
using Bench.Compare.Statistics;

namespace Bench.Compare.Rules;

/// <summary>
/// Tier 2: throughput and latency move by tens of percent between runs on a shared runner, so
/// they gate only when both sides were measured in the same job with enough interleaved
/// trials, and then only through the Mann–Whitney decision. Anything else is trend.
/// </summary>
public static class TimingRule
{
    public static MetricComparison Decide(string cell, MetricDefinition metric, SampleSummary? @base, SampleSummary? head, bool sameJob, GateOptions options)
    {
        var row = new MetricComparison { Cell = cell, Metric = metric, Base = @base, Head = head, Verdict = Verdict.Trend };
        if (@base is null || head is null) return row with { Note = @base is null ? "new in head" : "not measured in head" };
        if (!metric.Gated) return row;
        if (!sameJob) return row with { Note = "separate runs: trend only" };
        if (@base.N < options.MinTrials || head.N < options.MinTrials)
            return row with { Verdict = Verdict.Inconclusive, Gated = true, Note = $"{Math.Min(@base.N, head.N)} trials < {options.MinTrials}" };
        var decision = TimingTest.Decide(@base.Values, head.Values, metric, options.Alpha, options.EquivalenceAlpha);
        string note = decision.Verdict switch
        {
            Verdict.Slower => $"p={decision.PWorse:0.0e0}",
            Verdict.Faster => $"p={decision.PBetter:0.0e0}",
            Verdict.Same => $"within ±{MetricFormat.Percent(metric.RelativeThreshold)}, p={decision.PSame:0.0e0}",
            _ => $"neither worse (p={decision.PWorse:0.0e0}) nor within ±{MetricFormat.Percent(metric.RelativeThreshold)} (p={decision.PSame:0.0e0})",
        };
        return row with { Verdict = decision.Verdict, Gated = true, PValue = decision.PWorse, Note = note };
    }
}
