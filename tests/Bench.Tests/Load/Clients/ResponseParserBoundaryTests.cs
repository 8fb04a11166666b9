using System.Text;
using Bench.Load.Clients;
using Xunit;

namespace Bench.Tests.Load.Clients;

/// <summary>
/// The one response parser at the byte level: a valid response split at every possible point
/// parses exactly as it does whole, and every limit holds at its boundary and fails one byte past it.
/// </summary>
public sealed class ResponseParserBoundaryTests
{
    public static TheoryData<string, int, long, bool> ValidResponses => new()
    {
        { "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Type: text/plain\r\n\r\nHello, World!", 200, 13, true },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=\"a b\"\r\nHello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-T: 1\r\nX-U: 2\r\n\r\n", 200, 31, true },
        { "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", 201, 2, false },
        { "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", 204, 0, true },
        { "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx", 200, 1, true },
    };

    /// <summary>Parses <paramref name="wire"/> delivered as two reads split at <paramref name="split"/>, keeping unconsumed bytes as a connection does.</summary>
    private static (ParseStatus Status, ResponseParser Parser, int Leftover) Parse(byte[] wire, int split)
    {
        var parser = new ResponseParser();
        parser.Reset(headRequest: false);
        var buffer = new List<byte>();
        var status = ParseStatus.NeedMore;
        foreach (var piece in new[] { wire[..split], wire[split..] })
        {
            buffer.AddRange(piece);
            var span = buffer.ToArray();
            status = parser.Parse(span, out int consumed);
            buffer.RemoveRange(0, consumed);
            if (status != ParseStatus.NeedMore) break;
        }
        return (status, parser, buffer.Count);
    }

    [Theory]
    [MemberData(nameof(ValidResponses))]
    public void A_valid_response_split_at_every_byte_parses_as_it_does_whole(string text, int code, long body, bool keepAlive)
    {
        var wire = Encoding.ASCII.GetBytes(text);
        for (int split = 0; split <= wire.Length; split++)
        {
            var (status, parser, leftover) = Parse(wire, split);
            Assert.True(status == ParseStatus.Complete, $"split at {split}: {status} ({parser.Error})");
            Assert.Equal((code, body, keepAlive, 0), (parser.StatusCode, parser.BodyBytes, parser.KeepAlive, leftover));
        }
    }

    [Fact]
    public void A_stream_body_split_at_every_byte_decodes_to_the_same_data_in_place()
    {
        var wire = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\ndata: \r\n3;x=1\r\n{1}\r\n2\r\n\n\n\r\n0\r\n\r\n");
        for (int split = 0; split <= wire.Length; split++)
        {
            var parser = new ResponseParser();
            var data = new List<byte>();
            var pending = new List<byte>();
            bool headDone = false, complete = false;
            foreach (var piece in new[] { wire[..split], wire[split..] })
            {
                pending.AddRange(piece);
                var span = pending.ToArray();
                int at = 0;
                if (!headDone)
                {
                    if (parser.ParseHead(span, out at) != ParseStatus.Complete) continue;
                    headDone = true;
                }
                var state = parser.DecodeBody(span.AsSpan(at), out int used, out int length);
                Assert.NotEqual(ParseStatus.Error, state);
                data.AddRange(span.AsSpan(at, length).ToArray());
                pending.Clear();
                complete = state == ParseStatus.Complete;
            }
            Assert.True(complete, $"split at {split}");
            Assert.Equal("data: {1}\n\n", Encoding.ASCII.GetString(data.ToArray()));
        }
    }

    [Theory]
    [InlineData(0, ParseStatus.Complete)]
    [InlineData(1, ParseStatus.Error)]
    public void The_head_limit_holds_at_its_boundary(int over, ParseStatus expected)
    {
        // A head of exactly MaxHead bytes (blank line included), padded by one header; then one byte more.
        const string start = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Pad: ";
        int pad = ResponseParser.MaxHead - start.Length - "\r\n\r\n".Length + over;
        var wire = Encoding.ASCII.GetBytes(start + new string('p', pad) + "\r\n\r\n");
        Assert.Equal(ResponseParser.MaxHead + over, wire.Length);
        var parser = new ResponseParser();
        Assert.Equal(expected, parser.Parse(wire, out _));
        if (expected == ParseStatus.Error) Assert.Equal("response head too large", parser.Error);
    }

    [Theory]
    [InlineData(0, ParseStatus.NeedMore)]
    [InlineData(1, ParseStatus.Error)]
    public void An_unfinished_head_fails_once_it_can_no_longer_fit(int over, ParseStatus expected)
    {
        // MaxHead - 1 bytes without the blank line may still end within the limit; MaxHead bytes cannot.
        var wire = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nX-Pad: " + new string('p', ResponseParser.MaxHead - 25 + over));
        Assert.Equal(ResponseParser.MaxHead - 1 + over, wire.Length);
        Assert.Equal(expected, new ResponseParser().Parse(wire, out _));
    }

    [Theory]
    [InlineData(0, ParseStatus.Complete)]
    [InlineData(1, ParseStatus.Error)]
    public void The_chunk_size_line_limit_holds_at_its_boundary(int over, ParseStatus expected)
    {
        // "1;" + extension + CRLF is exactly MaxSizeLine bytes; one more byte of extension is over.
        string ext = new('e', ChunkedDecoder.MaxSizeLine - 4 + over);
        var wire = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;{ext}\r\nx\r\n0\r\n\r\n");
        var parser = new ResponseParser();
        Assert.Equal(expected, parser.Parse(wire, out _));
        if (expected == ParseStatus.Error) Assert.Equal("chunk-size line too long", parser.Error);
    }

    [Theory]
    [InlineData(0, ParseStatus.Complete)]
    [InlineData(1, ParseStatus.Error)]
    public void The_chunk_size_digit_limit_holds_at_its_boundary(int over, ParseStatus expected)
    {
        // Leading zeros keep the size small: only the digit count is tested.
        string size = new string('0', ChunkedDecoder.MaxSizeDigits - 1 + over) + "1";
        var wire = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\nx\r\n0\r\n\r\n");
        var parser = new ResponseParser();
        Assert.Equal(expected, parser.Parse(wire, out _));
        if (expected == ParseStatus.Error) Assert.Equal("chunk size has too many digits", parser.Error);
    }

    [Theory]
    [InlineData(0, ParseStatus.Complete)]
    [InlineData(1, ParseStatus.Error)]
    public void The_trailer_limit_holds_at_its_boundary(int over, ParseStatus expected)
    {
        // "X: " + value + CRLF, then the final CRLF: exactly MaxTrailers bytes of trailer section.
        string value = new('v', ChunkedDecoder.MaxTrailers - 7 + over);
        var wire = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: {value}\r\n\r\n");
        var parser = new ResponseParser();
        Assert.Equal(expected, parser.Parse(wire, out _));
        if (expected == ParseStatus.Error) Assert.Equal("trailer section too long", parser.Error);
    }

    [Fact]
    public void Bytes_after_a_complete_response_are_left_unconsumed()
    {
        var wire = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nHTTP/1.1 200 OK");
        var parser = new ResponseParser();
        Assert.Equal(ParseStatus.Complete, parser.Parse(wire, out int consumed));
        Assert.Equal("HTTP/1.1 200 OK", Encoding.ASCII.GetString(wire, consumed, wire.Length - consumed));
    }
}
