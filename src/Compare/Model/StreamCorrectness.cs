using Bench.Load.Metrics;

namespace Bench.Compare.Model;

/// <summary>
/// Which long-lived-scenario counters are correctness violations: each must stay 0 in a healthy
/// run (an SSE event id skipped, an echo never answered). Each scenario's layout names its own
/// (<see cref="StreamLayout.Violations"/>); a counter not listed there is shown, not gated.
/// </summary>
public static class StreamCorrectness
{
    public static bool IsViolation(string counter) => StreamCatalog.IsViolation(counter);

    public static bool IsCorrectnessMetric(string id)
    {
        int dot = id.IndexOf('.');
        return dot > 0 && IsViolation(id[(dot + 1)..]);
    }
}
