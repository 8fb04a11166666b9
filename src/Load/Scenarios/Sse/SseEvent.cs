using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.Sse;

/// <summary>One /sse event's payload: its sequence and the server's send time; Seq -1 if the data was not Bench's shape.</summary>
public readonly record struct SseEvent(long Seq, long ServerMicros)
{
    public static SseEvent Parse(ReadOnlySpan<byte> data) =>
        StampedJson.TryRead(data, out long seq, out long t) ? new SseEvent(seq, t) : new SseEvent(-1, 0);
}
