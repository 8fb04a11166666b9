namespace Bench.Reporting.Model;

/// <summary>One claim of docs/CLAIMS.md with the verdict its rule gave and the numbers that decided it.</summary>
public sealed record ReportClaim
{
    /// <summary>Short stable id ("1" .. "7", or a rule name); the page anchor is derived from it.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>What was measured to decide it, in one sentence.</summary>
    public string Measured { get; init; } = "";

    /// <summary>One of <see cref="Verdicts"/>; anything else is shown as given.</summary>
    public required string Verdict { get; init; }

    /// <summary>The deciding numbers, in order, e.g. ("wsgi rate at c=1000", "612 req/s").</summary>
    public IReadOnlyList<ClaimNumber> Numbers { get; init; } = [];

    /// <summary>The decision rule as stated before the data: effect, threshold, noise handling.</summary>
    public string Rule { get; init; } = "";

    /// <summary>Each part of the rule as decided: "yes — name: text (threshold)".</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];

    /// <summary>Repeats of the deciding cells that could not vote, each with why.</summary>
    public IReadOnlyList<string> NotVoting { get; init; } = [];

    /// <summary>The rule's explanation of the verdict.</summary>
    public string? Explanation { get; init; }

    /// <summary>The cells whose results decided it; the claim's section charts these.</summary>
    public IReadOnlyList<string> CellIds { get; init; } = [];

    public string Anchor => "claim-" + new string(Id.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}

public sealed record ClaimNumber(string Name, string Value);

public static class Verdicts
{
    public const string Supported = "supported";
    public const string NotSupported = "not supported";
    public const string Depends = "depends";
    public const string Inconclusive = "inconclusive";
    public const string NotMeasured = "not measured";
}
