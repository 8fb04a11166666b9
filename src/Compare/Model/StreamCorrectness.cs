namespace Bench.Compare.Model;

/// <summary>
/// Which long-lived-scenario counters are correctness violations: each must stay 0 in a healthy
/// run (an SSE event id skipped, an echo never answered or answered wrong). Names are the
/// scenarios' own (RunResult.Stream.Counters); a counter not listed here is shown, not gated.
/// </summary>
public static class StreamCorrectness
{
    public static readonly IReadOnlySet<string> Counters = new HashSet<string>(StringComparer.Ordinal)
    {
        "gaps", "lost", "missed", "missing", "duplicates", "reordered", "out_of_order",
        "unmatched", "mismatched", "corrupt", "malformed", "bad_frames", "protocol_errors",
    };

    /// <summary>Derived from "sent" minus "received" where a scenario counts both (echo): messages that never came back.</summary>
    public const string Unmatched = "unmatched";

    public static bool IsCorrectnessMetric(string id)
    {
        int dot = id.IndexOf('.');
        return dot > 0 && Counters.Contains(id[(dot + 1)..]);
    }
}
