namespace Bench.Compare.Model;

/// <summary>
/// The gate's knobs, with the defaults docs/REGRESSION.md explains: a 10% timing
/// threshold (BenchmarkDotNet's and CodSpeed's default), at least 8 trials per side (the fewest
/// for which an exact Mann–Whitney test can reach p below 1e-4), alpha 1e-3 before calling
/// anything slower, and the conventional 0.05 before calling two samples the same.
/// </summary>
public sealed record GateOptions
{
    public double TimingThreshold { get; init; } = 0.10;

    public int MinTrials { get; init; } = 8;

    /// <summary>Significance needed to call a timing metric faster or slower (a false "slower" fails a build).</summary>
    public double Alpha { get; init; } = 0.001;

    /// <summary>Significance needed to call a timing metric the same (two one-sided tests inside ± the threshold).</summary>
    public double EquivalenceAlpha { get; init; } = 0.05;

    /// <summary>
    /// Instruction-count change that counts: just above the spread of instructions per operation
    /// between two counts of the same build (docs/REGRESSION.md has the measurement), so that a
    /// 2 % change is caught and an unchanged build never is.
    /// </summary>
    public double InstructionThreshold { get; init; } = 0.01;

    /// <summary>Instructions per operation below which changes are ignored: a few instructions on a 150-instruction operation are not a regression anyone can act on.</summary>
    public double InstructionFloor { get; init; } = 20;

    /// <summary>An operation's instruction threshold (and allocation floor) is at least this many times the spread its counting runs reported.</summary>
    public double InstructionNoiseFactor { get; init; } = 2;

    /// <summary>Inconclusive timing fails the gate (exit 3) only when strict; otherwise it passes with a warning.</summary>
    public bool Strict { get; init; }

    public double AllocationThreshold { get; init; } = 0.05;

    /// <summary>Bytes per operation below which allocation changes are ignored; below the 24 B of the smallest object, so one new allocation on a zero-allocation path is caught.</summary>
    public double AllocationFloorBytes { get; init; } = 8;

    /// <summary>Gate timing only when both sides ran in one job (same host, overlapping time); null decides from the files.</summary>
    public bool? SameJob { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (TimingThreshold is <= 0 or >= 1) problems.Add($"--threshold: must be in (0%, 100%) (got {TimingThreshold:P0})");
        if (MinTrials is < 2 or > 1000) problems.Add($"--min-trials: must be 2..1000 (got {MinTrials})");
        if (Alpha is <= 0 or >= 0.5) problems.Add($"--alpha: must be in (0, 0.5) (got {Alpha})");
        if (EquivalenceAlpha is <= 0 or >= 0.5) problems.Add($"--equivalence-alpha: must be in (0, 0.5) (got {EquivalenceAlpha})");
        if (InstructionThreshold is <= 0 or >= 1) problems.Add($"--instruction-threshold: must be in (0%, 100%) (got {InstructionThreshold:P1})");
        if (InstructionFloor < 0) problems.Add($"--instruction-floor: must be ≥ 0 (got {InstructionFloor})");
        if (AllocationThreshold is < 0 or >= 1) problems.Add($"--alloc-threshold: must be in [0%, 100%) (got {AllocationThreshold:P0})");
        if (AllocationFloorBytes < 0) problems.Add($"--alloc-floor: must be ≥ 0 (got {AllocationFloorBytes})");
        return problems;
    }
}
