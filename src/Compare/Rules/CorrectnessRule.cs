using Bench.Compare.Model;
using Bench.Compare.Statistics;

namespace Bench.Compare.Rules;

/// <summary>
/// Tier 0: errors, lost events and unanswered messages must stay at zero, whatever the head's
/// speed — a faster server that drops work is not faster. A count the base had too, exactly, is
/// a failure by design rather than a new one (the smoke suite's WSGI WebSocket cells get 426 on
/// every connection; gunicorn's sync worker serves one SSE stream at a time), so it is reported,
/// not failed; any count above the base's, or any at all where the base had none, fails.
/// </summary>
public static class CorrectnessRule
{
    public static MetricComparison Decide(string cell, MetricDefinition metric, SampleSummary? @base, SampleSummary? head)
    {
        if (head is null)
            return new() { Cell = cell, Metric = metric, Base = @base, Verdict = Verdict.Inconclusive, Gated = true, Note = "not measured in head" };
        double total = head.Values.Sum();
        double baseTotal = @base?.Values.Sum() ?? 0;
        var (verdict, note) = total > baseTotal
            ? (Verdict.Fail, baseTotal > 0 ? $"{total:N0} in head, {baseTotal:N0} in base; must not grow" : $"{total:N0} in head; must be 0")
            : total > 0 ? (Verdict.Same, $"{total:N0} in head as in base: by design, not new")
            : baseTotal > 0 ? (Verdict.Faster, $"base had {baseTotal:N0}")
            : (Verdict.Same, (string?)null);
        return new() { Cell = cell, Metric = metric, Base = @base, Head = head, Verdict = verdict, Gated = true, Note = note };
    }
}
