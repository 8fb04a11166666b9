namespace Bench.Micro.Instructions;

/// <summary>What the instruction tier counts and where it writes.</summary>
public sealed record InstructionOptions
{
    /// <summary>Operations per short phase; the long phase runs twice as many.</summary>
    public int N { get; init; } = 200;

    /// <summary>N/2N pairs per operation; the figure takes each phase's least count.</summary>
    public int Rounds { get; init; } = 6;

    public bool Micro { get; init; } = true;

    public IReadOnlyList<string> Twins { get; init; } = RequestPaths.Twins;

    /// <summary>Only operations whose name contains this (case-insensitive).</summary>
    public string? Filter { get; init; }

    public string? Out { get; init; }

    /// <summary>Child only: where it lists the phases between its markers.</summary>
    public string? PhasesFile { get; init; }

    /// <summary>NAME=VALUE for the counted process (the test-only BENCH_ARTIFICIAL_WORK, say).</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>TEST ONLY: make the counted twins do this many percent more work per request (sized from <see cref="WorkBase"/>).</summary>
    public double? WorkPercent { get; init; }

    /// <summary>The base's counts, whose calibration and request costs size <see cref="WorkPercent"/>.</summary>
    public string? WorkBase { get; init; }
}
