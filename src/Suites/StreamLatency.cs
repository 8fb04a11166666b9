using Bench.Load.Results;

namespace Bench.Suites;

/// <summary>
/// What a long-lived cell's latency columns show. Its HTTP "latency" is the length of a session (an SSE
/// stream or a WebSocket held for the whole run), not a request latency, so tables print the scenario's
/// own delay instead, named: SSE delivery lag, WebSocket round trip, chat fan-out lag.
/// </summary>
public static class StreamLatency
{
    private static readonly string[] Preferred = ["lag", "rtt"];

    /// <summary>"lag p50 1.2ms, p99 6.8ms", or null for an HTTP cell or a stream without such a figure.</summary>
    public static string? Describe(RunResult run)
    {
        if (run.Stream is not { } s) return null;
        var name = Preferred.FirstOrDefault(n => s.Latencies.TryGetValue(n, out var l) && l.Count > 0);
        if (name is null) return $"{s.Kind}: no per-event latency";
        var l = s.Latencies[name];
        return $"{name} p50 {ProgressLine.Ms(l.P50)}, p99 {ProgressLine.Ms(l.P99)}";
    }
}
