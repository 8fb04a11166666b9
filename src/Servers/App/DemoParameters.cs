using System.Globalization;
using Bench.Servers.Http;

namespace Bench.Servers.App;

/// <summary>A query parameter that is out of range or not a number: the route answers 400 with this message.</summary>
public sealed class DemoParameterError(string message) : Exception(message);

/// <summary>Reads and checks the demo routes' query parameters, the same way on every target.</summary>
public static class DemoParameters
{
    public static int Int(string query, string name, int fallback, int min, int max)
    {
        var text = QueryString.Get(query, name);
        if (text.Length == 0) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw new DemoParameterError($"{name} must be an integer in {min}..{max}");
        return value;
    }

    /// <summary>/stats?gc=1: collect fully before answering (0 or 1).</summary>
    public static bool SettleGc(string query) => Int(query, "gc", 0, 0, 1) == 1;

    /// <summary>/stats?reset=1: the server-side echo times start afresh after this reading (0 or 1).</summary>
    public static bool ResetEchoes(string query) => Int(query, "reset", 0, 0, 1) == 1;

    public static int WaitMs(string query) => Int(query, "wait_ms", 50, 0, 60_000);

    public static long UserId(string? id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0
            ? value
            : throw new DemoParameterError("user id must be a positive integer");

    public static StreamShape Stream(string query) => new(
        Int(query, "chunks", 10, 1, 100_000),
        Int(query, "interval_ms", 10, 0, 60_000),
        Int(query, "size", 64, 1, 1 << 20));

    public static SseShape Sse(string query, string? lastEventId) => new(
        Int(query, "events", 10, 0, 10_000_000),
        Int(query, "interval_ms", 100, 0, 60_000),
        long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out long last) ? last : 0);
}

public readonly record struct StreamShape(int Chunks, int IntervalMs, int Size);

/// <summary>SSE parameters: Events 0 means "until the client leaves"; ids resume after <see cref="LastEventId"/>.</summary>
public readonly record struct SseShape(int Events, int IntervalMs, long LastEventId);
