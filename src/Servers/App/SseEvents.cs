using System.Text;

namespace Bench.Servers.App;

/// <summary>
/// The SSE wire format of /sse (WHATWG HTML §9.2): an <c>id</c> per event (the sequence, from 1), a
/// <c>retry</c> hint on the first, and data carrying the sequence and the server's monotonic send time
/// in microseconds, so a client on the same machine can compute delivery lag.
/// </summary>
public static class SseEvents
{
    public const int RetryMs = 1000;

    public static byte[] Format(long sequence, bool first)
    {
        var text = (first ? $"retry: {RetryMs}\n" : "")
            + $"id: {sequence}\ndata: {{\"seq\":{sequence},\"t_us\":{MonotonicClock.NowMicroseconds}}}\n\n";
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>The ids a stream sends: after Last-Event-ID, up to <c>events</c> in all (unbounded when 0).</summary>
    public static IEnumerable<long> Sequence(SseShape shape)
    {
        for (long id = shape.LastEventId + 1; shape.Events == 0 || id <= shape.Events; id++) yield return id;
    }
}
