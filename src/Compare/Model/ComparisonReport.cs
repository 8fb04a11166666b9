namespace Bench.Compare.Model;

/// <summary>
/// The comparison as plain data: what the console table, compare.md and the HTML report's
/// baseline section all render. <see cref="SameJob"/> says whether timings were gated (both
/// sides measured in one job) or shown as trend only, and <see cref="SameJobReason"/> why.
/// </summary>
public sealed record ComparisonReport
{
    public required string BasePath { get; init; }

    public required string HeadPath { get; init; }

    public required IReadOnlyList<MetricComparison> Rows { get; init; }

    public required bool SameJob { get; init; }

    public required string SameJobReason { get; init; }

    public required GateOptions Options { get; init; }

    /// <summary>Facts a reader should know: files skipped, cells only on one side.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public Outcome Outcome =>
        Rows.Any(r => r.IsRegression) ? Outcome.Regression
        : Rows.Count(r => r.Gated) == 0 || Rows.Any(r => r.Gated && r.Verdict == Verdict.Inconclusive) ? Outcome.Inconclusive
        : Outcome.Pass;

    public int ExitCode => (int)Outcome;

    /// <summary>Per tier: failed, inconclusive and gated rows, for the verdict banner.</summary>
    public IReadOnlyList<TierSummary> Tiers =>
        Enum.GetValues<Tier>().Select(t =>
        {
            var rows = Rows.Where(r => r.Tier == t).ToList();
            return new TierSummary(t, rows.Count(r => r.Gated), rows.Count(r => r.IsRegression), rows.Count(r => r.Gated && r.Verdict == Verdict.Inconclusive), rows.Count(r => !r.Gated));
        }).ToList();
}

public sealed record TierSummary(Tier Tier, int Gated, int Regressions, int Inconclusive, int Informational)
{
    public string Status => Regressions > 0 ? "FAIL" : Inconclusive > 0 ? "INCONCLUSIVE" : Gated > 0 ? "PASS" : "not measured";
}
