namespace Bench.Compare.Model;

/// <summary>
/// One metric's outcome. <see cref="Fail"/> is a correctness violation (it fails whatever the
/// speed); <see cref="Trend"/> marks figures shown for information only, such as absolute timings
/// from another run, machine or day, which cannot be compared fairly.
/// </summary>
public enum Verdict
{
    Same,
    Faster,
    Slower,
    Inconclusive,
    Fail,
    Trend,
}

public static class VerdictText
{
    public static string Of(Verdict verdict) => verdict switch
    {
        Verdict.Same => "same",
        Verdict.Faster => "faster",
        Verdict.Slower => "slower",
        Verdict.Inconclusive => "inconclusive",
        Verdict.Fail => "fail",
        _ => "trend",
    };
}

/// <summary>The whole comparison, and the process exit code each outcome maps to.</summary>
public enum Outcome
{
    Pass = 0,
    Regression = 1,
    Inconclusive = 3,
}
