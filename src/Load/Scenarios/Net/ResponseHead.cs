using System.Buffers.Text;
using System.Text;

namespace Bench.Load.Scenarios.Net;

/// <summary>How a response body ends (RFC 9112 §6.3).</summary>
public enum BodyFraming
{
    None,
    Chunked,
    Length,
    UntilClose,
}

/// <summary>
/// The parts of a response head a streaming client needs: status, body framing and, for a
/// WebSocket upgrade, the accept key. Pure: it reads a byte span, so it is tested without sockets.
/// </summary>
public readonly record struct ResponseHead(int Status, BodyFraming Framing, long ContentLength, string? WebSocketAccept, bool UpgradeWebSocket)
{
    /// <summary>Finds the end of the head in <paramref name="data"/>; -1 until the blank line has arrived.</summary>
    public static int HeadLength(ReadOnlySpan<byte> data)
    {
        int end = data.IndexOf("\r\n\r\n"u8);
        return end < 0 ? -1 : end + 4;
    }

    /// <summary>Parses a complete head (as delimited by <see cref="HeadLength"/>); false for anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, out ResponseHead parsed)
    {
        parsed = default;
        int eol = head.IndexOf("\r\n"u8);
        if (eol < 12 || !head.StartsWith("HTTP/1."u8) || head[8] != ' ') return false;
        if (!Utf8Parser.TryParse(head.Slice(9, 3), out int status, out int used) || used != 3 || status < 100) return false;

        long length = -1;
        bool chunked = false, upgrade = false;
        string? accept = null;
        var lines = head[(eol + 2)..];
        while (lines.Length > 2)
        {
            int end = lines.IndexOf("\r\n"u8);
            if (end < 0) return false;
            var line = lines[..end];
            lines = lines[(end + 2)..];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0) return false;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out length, out int n) || n != value.Length || length < 0) return false;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "upgrade"u8))
            {
                upgrade = Ascii.EqualsIgnoreCase(value, "websocket"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "sec-websocket-accept"u8))
            {
                accept = Encoding.ASCII.GetString(value);
            }
        }
        var framing = status is 101 or 204 or 304 ? BodyFraming.None
            : chunked ? BodyFraming.Chunked
            : length >= 0 ? (length == 0 ? BodyFraming.None : BodyFraming.Length)
            : BodyFraming.UntilClose;
        parsed = new ResponseHead(status, framing, Math.Max(0, length), accept, upgrade);
        return true;
    }
}
