using System.Text;
using Bench.Servers.Http;
using Xunit;
using static Bench.Tests.Servers.Http.ParserHarness;

namespace Bench.Tests.Servers.Http;

/// <summary>
/// The body decoder at the byte level: a valid body decodes to the same bytes whatever split it arrives
/// in, nothing past its end is consumed, and every limit (chunk line, body size, trailer size and
/// count) holds exactly at its boundary and is refused one past it.
/// </summary>
public sealed class BodyDecoderTests
{
    private static readonly HttpLimits Limits = new() { MaxBodyBytes = 1000, MaxChunkLineBytes = 64, MaxHeaderBytes = 256, MaxHeaderCount = 4 };

    private const string ValidChunked = "5\r\nhello\r\n1;ext=\"a b\"\r\n \r\nA \t\r\n0123456789\r\n0\r\nX-Trailer: t\r\nX-Other:\r\n\r\n";

    [Fact]
    public void Chunked_body_decodes_identically_at_every_two_way_split()
    {
        var message = Bytes(ValidChunked + "NEXT");
        for (int k = 0; k <= message.Length; k++)
        {
            var (body, complete, leftover) = Decode(new BodyDecoder(ChunkedHead(Limits), Limits), [message[..k], message[k..]]);
            Assert.True(complete, $"split at {k}");
            Assert.Equal("hello 0123456789", Encoding.Latin1.GetString(body));
            Assert.Equal(4, leftover);
        }
    }

    [Fact]
    public void Chunked_body_decodes_one_byte_at_a_time_and_is_incomplete_until_its_last_byte()
    {
        var message = Bytes(ValidChunked);
        var decoder = new BodyDecoder(ChunkedHead(Limits), Limits);
        var parts = message.Select(b => new[] { b }).ToList();
        var (body, complete, leftover) = Decode(decoder, parts[..^1]);
        Assert.False(complete);
        Assert.Equal(1, leftover);   // the CR of the last CRLF waits for its LF
        (var rest, complete, _) = Decode(decoder, [message[^2..]]);
        Assert.True(complete);
        Assert.Equal("hello 0123456789", Encoding.Latin1.GetString([.. body, .. rest]));
    }

    [Fact]
    public void Content_length_body_takes_exactly_its_length_at_every_split()
    {
        var head = Head("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n", Limits);
        var message = Bytes("0123456789GET");
        for (int k = 0; k <= message.Length; k++)
        {
            var (body, complete, leftover) = Decode(new BodyDecoder(head, Limits), [message[..k], message[k..]]);
            Assert.True(complete);
            Assert.Equal("0123456789", Encoding.Latin1.GetString(body));
            Assert.Equal(3, leftover);
        }
    }

    [Fact]
    public void Chunk_size_line_of_exactly_the_limit_is_read_and_one_byte_more_is_400()
    {
        string Line(int length) => "3;x=" + new string('e', length - 4);
        AssertDecodes(Line(64) + "\r\nabc\r\n0\r\n\r\n", "abc");
        AssertRefusedAtEverySplit(Line(65) + "\r\nabc\r\n0\r\n\r\n", 400);
    }

    [Fact]
    public void Body_of_exactly_the_limit_is_read_and_one_byte_more_is_413()
    {
        AssertDecodes($"{999:x}\r\n{new string('a', 999)}\r\n1\r\nb\r\n0\r\n\r\n", new string('a', 999) + "b");
        AssertRefusedAtEverySplit($"{999:x}\r\n{new string('a', 999)}\r\n2\r\nbb\r\n0\r\n\r\n", 413);
        AssertRefusedAtEverySplit("fffffffffffffff\r\n", 413);
    }

    [Fact]
    public void Trailer_section_of_exactly_the_header_limit_is_read_and_one_byte_more_is_431()
    {
        // Counted as a header block: the fields and the CRLFs between them, not the one after the last.
        string first = "X-A: " + new string('a', 100);
        string Section(int length) => first + "\r\nX-B: " + new string('b', length - first.Length - 2 - 5) + "\r\n";
        AssertDecodes("1\r\nz\r\n0\r\n" + Section(256) + "\r\n", "z");
        AssertRefusedAtEverySplit("1\r\nz\r\n0\r\n" + Section(257) + "\r\n", 431);
        AssertRefusedAtEverySplit("1\r\nz\r\n0\r\nX-A: " + new string('a', 300), 431);
    }

    [Fact]
    public void Exactly_the_most_trailer_fields_are_read_and_one_more_is_431()
    {
        string Fields(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"X-{i}: v\r\n"));
        AssertDecodes("1\r\nz\r\n0\r\n" + Fields(4) + "\r\n", "z");
        AssertRefusedAtEverySplit("1\r\nz\r\n0\r\n" + Fields(5) + "\r\n", 431);
    }

    [Theory]
    [InlineData("0\r\nX-T 1\r\n\r\n")]
    [InlineData("0\r\nX-T : 1\r\n\r\n")]
    [InlineData("0\r\n folded\r\n\r\n")]
    [InlineData("0\r\nX-T: a\nb\r\n\r\n")]
    [InlineData("0\r\nX-T: a\u0001\r\n\r\n")]
    [InlineData("g\r\n")]
    [InlineData("\r\n")]
    [InlineData("5\nhello")]
    [InlineData("3\r\nabcX\r\n")]
    [InlineData("1234567890123456\r\n")]
    public void Malformed_chunked_bodies_and_trailers_are_400_at_every_split(string body) => AssertRefusedAtEverySplit(body, 400);

    private static void AssertDecodes(string chunked, string expected)
    {
        var message = Bytes(chunked);
        for (int k = 0; k <= message.Length; k += Math.Max(1, message.Length / 97))
        {
            var (body, complete, leftover) = Decode(new BodyDecoder(ChunkedHead(Limits), Limits), [message[..k], message[k..]]);
            Assert.True(complete, $"split at {k}");
            Assert.Equal(0, leftover);
            Assert.Equal(expected, Encoding.Latin1.GetString(body));
        }
    }

    /// <summary>Every two-way split of the body is refused with <paramref name="status"/>, never decoded to its end.</summary>
    private static void AssertRefusedAtEverySplit(string chunked, int status)
    {
        var message = Bytes(chunked);
        for (int k = 0; k <= message.Length; k++)
        {
            var error = Assert.Throws<RequestRejected>(() =>
            {
                var (_, complete, _) = Decode(new BodyDecoder(ChunkedHead(Limits), Limits), [message[..k], message[k..], Bytes("\r\n\r\n")]);
                Assert.False(complete, $"decoded to the end with a split at {k}");
            });
            Assert.Equal(status, error.Status);
        }
    }
}
