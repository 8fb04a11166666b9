namespace Bench.Fuzz;

/// <summary>
/// The fuzz targets by name. Each takes one input and either handles it or refuses it the documented
/// way; anything else it throws (an index out of range, a broken invariant) is a finding.
/// </summary>
public static class Harnesses
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["request-head"] = RequestHeadHarness.Run,
        ["chunked-body"] = ChunkedBodyHarness.Run,
        ["ws-frames"] = WebSocketFramesHarness.Run,
        ["ws-handshake"] = WebSocketHandshakeHarness.Run,
        ["loadgen-response"] = LoadgenResponseHarness.Run,
        ["loadgen-sse"] = LoadgenSseHarness.Run,
        ["loadgen-ws"] = LoadgenWebSocketHarness.Run,
    };
}

/// <summary>A broken invariant found by a harness: always a finding, never an expected refusal.</summary>
public sealed class InvariantBroken(string message) : Exception(message);
