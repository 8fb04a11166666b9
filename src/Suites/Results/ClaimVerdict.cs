namespace Bench.Suites.Results;

public static class Verdicts
{
    public const string Supported = "supported";
    public const string NotSupported = "not supported";
    public const string Depends = "depends";
    public const string Inconclusive = "inconclusive";
    public const string NotMeasured = "not measured";
}

/// <summary>
/// One claim's verdict with the figures that decided it: <see cref="Rule"/> as stated before the data,
/// <see cref="Parts"/> with each effect's estimate, interval and threshold, <see cref="Summary"/> for
/// people, <see cref="Numbers"/> for reports and charts, <see cref="Cells"/> for the evidence behind it
/// and <see cref="NotVoting"/> for the repeats that could not vote, with why.
/// </summary>
public sealed record ClaimVerdict(
    int Claim,
    string Title,
    string Verdict,
    string Summary,
    IReadOnlyDictionary<string, double> Numbers,
    IReadOnlyList<string> Cells,
    IReadOnlyList<string> Notes)
{
    public string Rule { get; init; } = "";

    public IReadOnlyList<ClaimPart> Parts { get; init; } = [];

    /// <summary>"cell id: why" for every repeat of a deciding cell that was invalid, failed or skipped.</summary>
    public IReadOnlyList<string> NotVoting { get; init; } = [];
}

/// <summary>
/// One condition of a claim's rule as the data decided it: yes, no or inconclusive, the effect's estimate
/// and interval (bounds null when none could be formed; <see cref="Confidence"/> null for the range of
/// the repeats) and the threshold it was held against, in words.
/// </summary>
public sealed record ClaimPart(string Name, string Decision, string Text, double? Estimate, double? Low, double? High, double? Confidence, string Threshold);
