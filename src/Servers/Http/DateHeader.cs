using System.Text;

namespace Bench.Servers.Http;

/// <summary>
/// The RFC 9110 Date value, formatted at most once per second (uvicorn and Kestrel cache it the
/// same way) so that it costs nothing per response.
/// </summary>
public static class DateHeader
{
    private sealed record Cached(long Second, byte[] Value);

    private static volatile Cached _cached = Format(DateTimeOffset.UtcNow);

    public static ReadOnlySpan<byte> Current
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            var cached = _cached;
            if (cached.Second != now.ToUnixTimeSeconds()) _cached = cached = Format(now);
            return cached.Value;
        }
    }

    private static Cached Format(DateTimeOffset now) =>
        new(now.ToUnixTimeSeconds(), Encoding.ASCII.GetBytes(now.ToString("r")));
}
