using Bench.Compare.Statistics;

namespace Bench.Compare.Model;

/// <summary>
/// One row of the comparison: a metric of a cell on both sides. <see cref="Base"/> or
/// <see cref="Head"/> is null when only one side measured it. <see cref="Gated"/> rows decide
/// the exit code; the rest are shown for information (trend).
/// </summary>
public sealed record MetricComparison
{
    public required string Cell { get; init; }

    public required MetricDefinition Metric { get; init; }

    public SampleSummary? Base { get; init; }

    public SampleSummary? Head { get; init; }

    public required Verdict Verdict { get; init; }

    public bool Gated { get; init; }

    /// <summary>One-sided p-value that head is worse (timing rows only).</summary>
    public double? PValue { get; init; }

    /// <summary>Why the verdict is what it is, in a few words ("3 errors", "5 trials < 8", "another run: trend only").</summary>
    public string? Note { get; init; }

    public Tier Tier => Metric.Tier;

    /// <summary>head median / base median.</summary>
    public double Ratio => Base is null || Head is null || Base.Median == 0 ? double.NaN : Head.Median / Base.Median;

    /// <summary>A failure of the gate: a correctness violation, or a gated metric that got worse.</summary>
    public bool IsRegression => Gated && Verdict is Verdict.Fail or Verdict.Slower;
}
