using Bench.Suites.Results;

namespace Bench.Suites.Claims;

/// <summary>
/// One claim of the report: what it says, what its cells measure, and the rule that decides it — the
/// effect, its threshold and how noise is handled, fixed in code before any data and printed next to
/// the verdict. Adding a claim is one file: a subclass with a parameterless constructor
/// (<see cref="ClaimCatalog"/> finds it) and a suite group with <c>"claim": Id</c>.
/// </summary>
public abstract class Claim
{
    /// <summary>The number suite groups name in <c>"claim"</c>.</summary>
    public abstract int Id { get; }

    public abstract string Title { get; }

    /// <summary>What the cells measure, in one sentence (the report's "what was measured").</summary>
    public abstract string Measured { get; }

    /// <summary>The decision rule in words: the effect, its threshold and the noise handling.</summary>
    public abstract string Rule { get; }

    /// <summary>The rule's thresholds by name, for readers and tests.</summary>
    public abstract IReadOnlyDictionary<string, double> Thresholds { get; }

    /// <summary>Decides from the evidence; <see cref="ClaimEvidence.Verdict"/> and <see cref="ClaimEvidence.NotMeasured"/> build the result.</summary>
    public abstract ClaimVerdict Evaluate(ClaimEvidence evidence);
}
