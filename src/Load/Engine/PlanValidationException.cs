namespace Bench.Load.Engine;

/// <summary>A plan that cannot run; <see cref="Problems"/> names every bad field with its allowed range.</summary>
public sealed class PlanValidationException(IReadOnlyList<string> problems)
    : ArgumentException("invalid run plan: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
