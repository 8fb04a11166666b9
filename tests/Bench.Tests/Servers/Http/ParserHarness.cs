using System.Text;
using Bench.Servers.Http;
using Xunit;

namespace Bench.Tests.Servers.Http;

/// <summary>Drives the pure parsers the way a connection does: bytes arrive in parts, unconsumed bytes stay buffered.</summary>
internal static class ParserHarness
{
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>
    /// Feeds <paramref name="message"/> to the head parser one growing prefix at a time: every proper
    /// prefix must ask for more (no exception, nothing consumed), the whole message must parse.
    /// </summary>
    public static RequestHead ParseEveryPrefix(byte[] message, HttpLimits limits)
    {
        for (int k = 0; k < message.Length; k++)
        {
            Assert.False(RequestHeadParser.TryParse(message.AsSpan(0, k), limits, out _, out int none), $"parsed after only {k} of {message.Length} bytes");
            Assert.Equal(0, none);
        }
        Assert.True(RequestHeadParser.TryParse(message, limits, out var head, out int consumed));
        Assert.Equal(message.Length, consumed);
        return head;
    }

    /// <summary>
    /// For a message that must be refused with <paramref name="status"/>: no prefix parses, and the
    /// refusal comes at the latest with the whole message.
    /// </summary>
    public static void RefusedAtEveryPrefix(byte[] message, HttpLimits limits, int status)
    {
        for (int k = 0; k <= message.Length; k++)
        {
            try
            {
                bool parsed = RequestHeadParser.TryParse(message.AsSpan(0, k), limits, out _, out _);
                Assert.False(parsed, $"a prefix of {k} bytes parsed");
                Assert.True(k < message.Length, "the whole message was not refused");
            }
            catch (RequestRejected e)
            {
                Assert.Equal(status, e.Status);
                return;
            }
        }
    }

    /// <summary>Decodes a body delivered in the given parts; returns the decoded bytes and whether it completed.</summary>
    public static (byte[] Body, bool Complete, int Leftover) Decode(BodyDecoder decoder, IEnumerable<byte[]> parts)
    {
        var pending = new List<byte>();
        var body = new List<byte>();
        var output = new byte[64 * 1024];
        foreach (var part in parts)
        {
            pending.AddRange(part);
            while (!decoder.IsComplete)
            {
                var input = pending.ToArray();
                int written = decoder.Decode(input, output, out int consumed);
                body.AddRange(output.AsSpan(0, written).ToArray());
                pending.RemoveRange(0, consumed);
                if (written == 0 && consumed == 0) break;
            }
        }
        return (body.ToArray(), decoder.IsComplete, pending.Count);
    }

    /// <summary>A head that declares chunked framing, for decoder tests.</summary>
    public static RequestHead ChunkedHead(HttpLimits limits) => Head("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", limits);

    public static RequestHead Head(string text, HttpLimits limits)
    {
        Assert.True(RequestHeadParser.TryParse(Bytes(text), limits, out var head, out _));
        return head;
    }
}
