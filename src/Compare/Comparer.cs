using Bench.Compare.Inputs;
using Bench.Compare.Model;
using Bench.Compare.Rules;
using Bench.Compare.Statistics;

namespace Bench.Compare;

/// <summary>
/// Matches two sides' cells and metrics and applies each tier's rule. The entry point for the
/// CLI and for the HTML report, which renders the returned data as its baseline section.
/// </summary>
public static class Comparer
{
    /// <summary>Reads both paths (files or directories) and compares them.</summary>
    public static ComparisonReport Compare(string basePath, string headPath, GateOptions? options = null) =>
        Compare(ResultsLoader.Load(basePath), ResultsLoader.Load(headPath), options ?? new GateOptions());

    public static ComparisonReport Compare(ResultSet @base, ResultSet head, GateOptions options)
    {
        var catalog = new MetricCatalog(options);
        var (sameJob, reason) = SameJob(@base, head, options);
        var baseSamples = Group(@base);
        var headSamples = Group(head);
        var rows = new List<MetricComparison>();
        foreach (var key in baseSamples.Keys.Union(headSamples.Keys).Order())
        {
            var metric = catalog.Get(key.Metric);
            var b = baseSamples.GetValueOrDefault(key);
            var h = headSamples.GetValueOrDefault(key);
            rows.Add(metric.Tier switch
            {
                Tier.Correctness => CorrectnessRule.Decide(key.Cell, metric, b, h),
                Tier.Instructions or Tier.Resources => ResourceRule.Decide(key.Cell, NoiseWidened(metric, baseSamples, headSamples, key.Cell, options), b, h),
                _ => TimingRule.Decide(key.Cell, metric, b, h, sameJob, options),
            });
        }
        var notes = new List<string>();
        notes.AddRange(@base.Skipped.Select(f => $"skipped (not results): {f}"));
        notes.AddRange(head.Skipped.Select(f => $"skipped (not results): {f}"));
        AddOneSided(notes, "only in base", baseSamples.Keys, headSamples.Keys);
        AddOneSided(notes, "only in head", headSamples.Keys, baseSamples.Keys);
        return new ComparisonReport
        {
            BasePath = @base.Path,
            HeadPath = head.Path,
            Rows = rows.OrderBy(r => r.Tier).ThenBy(r => r.Cell, StringComparer.Ordinal).ThenBy(r => r.Metric.Id, StringComparer.Ordinal).ToList(),
            SameJob = sameJob,
            SameJobReason = reason,
            Options = options,
            Notes = notes,
        };
    }

    /// <summary>
    /// Timings are comparable only when both sides ran on one machine at the same time, which is
    /// what interleaved trials give: the two sides' time spans overlap on the same host.
    /// </summary>
    public static (bool SameJob, string Reason) SameJob(ResultSet @base, ResultSet head, GateOptions options)
    {
        if (options.SameJob is { } forced) return (forced, forced ? "declared same job (--same-job)" : "declared separate runs (--trend-only)");
        if (@base.Start is null || head.Start is null) return (false, "no run times on one side: timings are trend only");
        if (!@base.Hosts.Intersect(head.Hosts).Any())
            return (false, $"different machines ({string.Join(",", @base.Hosts)} vs {string.Join(",", head.Hosts)}): timings are trend only");
        bool overlap = @base.Start <= head.End && head.Start <= @base.End;
        return overlap
            ? (true, "both sides interleaved on one machine: timings gated")
            : (false, $"separate runs ({@base.Start:u} and {head.Start:u}): timings are trend only");
    }

    /// <summary>
    /// An operation's thresholds, widened by the spread its counting runs reported (the larger of
    /// the two sides'), so an unchanged build cannot fail on an operation whose figure wanders (a
    /// threaded request path can): instructions at max(1 %, 2 × the relative spread), allocations
    /// at max(8 B, 2 × the spread in bytes) besides the 5 %. Operations that repeat exactly keep
    /// the gate's own thresholds.
    /// </summary>
    private static MetricDefinition NoiseWidened(MetricDefinition metric, Dictionary<(string Cell, string Metric), SampleSummary> @base,
        Dictionary<(string Cell, string Metric), SampleSummary> head, string cell, GateOptions options)
    {
        double Spread(string noiseMetric) => new[] { @base, head }
            .Select(side => side.GetValueOrDefault((cell, noiseMetric))?.Values.Where(double.IsFinite).DefaultIfEmpty(0).Max() ?? 0)
            .Max();
        return metric.Id switch
        {
            MetricIds.InstructionsPerOp => metric with { RelativeThreshold = Math.Max(options.InstructionThreshold, options.InstructionNoiseFactor * Spread(MetricIds.InstructionNoise)) },
            MetricIds.AllocatedPerOp => metric with { AbsoluteFloor = Math.Max(options.AllocationFloorBytes, options.InstructionNoiseFactor * Spread(MetricIds.AllocationNoise)) },
            _ => metric,
        };
    }

    private static Dictionary<(string Cell, string Metric), SampleSummary> Group(ResultSet set) =>
        set.Observations.GroupBy(o => (o.Cell, o.Metric))
            .ToDictionary(g => g.Key, g => new SampleSummary(g.Select(o => o.Value).ToArray()));

    private static void AddOneSided(List<string> notes, string label, IEnumerable<(string Cell, string Metric)> from, IEnumerable<(string Cell, string Metric)> other)
    {
        var cells = from.Select(k => k.Cell).Distinct().Except(other.Select(k => k.Cell)).Order(StringComparer.Ordinal).ToList();
        if (cells.Count > 0) notes.Add($"{label}: {string.Join(", ", cells.Take(10))}{(cells.Count > 10 ? $" and {cells.Count - 10} more" : "")}");
    }
}
