using System.Buffers.Text;

namespace Bench.Load.Scenarios.Sessions;

/// <summary>
/// Reads the two numbers Bench's streams carry, <c>"seq"</c> and <c>"t_us"</c>, straight from
/// the UTF-8 payload (<c>{"seq":7,"t_us":123}</c> from /sse, <c>{"room":…,"seq":…,"t_us":…,"msg":…}</c>
/// from /ws/chat) without building a string or a DOM: this runs once per event on 10,000 streams.
/// </summary>
public static class StampedJson
{
    public static bool TryRead(ReadOnlySpan<byte> json, out long seq, out long tMicros)
    {
        tMicros = 0;
        return TryNumber(json, "\"seq\":"u8, out seq) && TryNumber(json, "\"t_us\":"u8, out tMicros);
    }

    private static bool TryNumber(ReadOnlySpan<byte> json, ReadOnlySpan<byte> key, out long value)
    {
        value = 0;
        int at = json.IndexOf(key);
        if (at < 0) return false;
        var rest = json[(at + key.Length)..].TrimStart(" "u8);
        return Utf8Parser.TryParse(rest, out value, out int used) && used > 0;
    }
}
