using Bench.Load.Results;

namespace Bench.Load.Engine;

/// <summary>
/// Documented exit codes. An invalid run outranks thresholds: when the generator may have set
/// the numbers, they can neither pass nor fail the target.
/// </summary>
public static class ExitCodes
{
    public const int Pass = 0;
    public const int ThresholdsFailed = 1;
    public const int BadInput = 2;
    public const int Invalid = 3;

    public static int Decide(Validity validity, IReadOnlyList<ThresholdResult> thresholds) =>
        !validity.Valid ? Invalid
        : thresholds.Any(t => !t.Passed) ? ThresholdsFailed
        : Pass;
}
