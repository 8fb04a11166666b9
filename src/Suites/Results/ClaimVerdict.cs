namespace Bench.Suites.Results;

public static class Verdicts
{
    public const string Supported = "supported";
    public const string NotSupported = "not supported";
    public const string Depends = "depends";
    public const string NotMeasured = "not measured";
}

/// <summary>
/// One claim's verdict with the figures that decided it: <see cref="Summary"/> for people,
/// <see cref="Numbers"/> for reports and charts, <see cref="Cells"/> for the evidence behind it.
/// </summary>
public sealed record ClaimVerdict(
    int Claim,
    string Title,
    string Verdict,
    string Summary,
    IReadOnlyDictionary<string, double> Numbers,
    IReadOnlyList<string> Cells,
    IReadOnlyList<string> Notes);
