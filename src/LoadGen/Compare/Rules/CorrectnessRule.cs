using Bench.LoadGen.Compare.Model;
using Bench.LoadGen.Compare.Statistics;

namespace Bench.LoadGen.Compare.Rules;

/// <summary>
/// Tier 0: errors, lost events and unanswered messages must be zero in the head, whatever its
/// speed — a faster server that drops work is not faster. The base's count only tells whether
/// the head fixed or kept a problem.
/// </summary>
public static class CorrectnessRule
{
    public static MetricComparison Decide(string cell, MetricDefinition metric, SampleSummary? @base, SampleSummary? head)
    {
        if (head is null)
            return new() { Cell = cell, Metric = metric, Base = @base, Verdict = Verdict.Inconclusive, Gated = true, Note = "not measured in head" };
        double total = head.Values.Sum();
        double baseTotal = @base?.Values.Sum() ?? 0;
        var (verdict, note) = total > 0
            ? (Verdict.Fail, $"{total:N0} in head{(baseTotal > 0 ? $" (base {baseTotal:N0})" : "")}; must be 0")
            : baseTotal > 0 ? (Verdict.Faster, $"base had {baseTotal:N0}")
            : (Verdict.Same, (string?)null);
        return new() { Cell = cell, Metric = metric, Base = @base, Head = head, Verdict = verdict, Gated = true, Note = note };
    }
}
