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

    /// <summary>
    /// Regression if any gated row got worse; inconclusive if nothing was gated, or a gated row
    /// could not be judged — except timing rows, which on a shared machine often cannot be, and
    /// without <see cref="GateOptions.Strict"/> only warn (<see cref="TimingWarnings"/>): a gate
    /// that is red on an unchanged commit gets switched off.
    /// </summary>
    public Outcome Outcome =>
        Rows.Any(r => r.IsRegression) ? Outcome.Regression
        : Rows.Count(r => r.Gated) == 0 || Rows.Any(r => r.Gated && r.Verdict == Verdict.Inconclusive && (r.Tier != Tier.Timing || Options.Strict)) ? Outcome.Inconclusive
        : Outcome.Pass;

    /// <summary>Gated timing rows that were inconclusive but did not decide the outcome (not strict).</summary>
    public int TimingWarnings => Options.Strict ? 0 : Rows.Count(r => r.Gated && r.Tier == Tier.Timing && r.Verdict == Verdict.Inconclusive);

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
