using Bench.Servers.Http;
using Xunit;
using static Bench.Tests.Servers.Http.ParserHarness;

namespace Bench.Tests.Servers.Http;

/// <summary>
/// The request-head parser at the byte level: a valid head parses the same whatever prefix arrived
/// first, and every limit is served exactly at its boundary and refused one byte (or field) past it.
/// </summary>
public sealed class RequestHeadParserTests
{
    private static readonly HttpLimits Limits = new() { MaxBodyBytes = 1000 };

    public static TheoryData<string> ValidHeads() =>
    [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "\r\nGET /users/7?wait_ms=50&x=%20 HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Tab:\t v \t\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 0001000\r\nExpect: 100-continue\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive, close\r\n\r\n",
        "GET http://example/a/b?q HTTP/1.1\r\nHost: example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        "GET /x HTTP/1.0\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\nX-Latin: caf\u00e9\r\n\r\n",
    ];

    [Theory]
    [MemberData(nameof(ValidHeads))]
    public void A_valid_head_parses_only_when_complete_and_identically_at_every_split(string text)
    {
        var message = Bytes(text);
        var head = ParseEveryPrefix(message, Limits);
        // The same head followed by the next request's bytes: only the head is consumed.
        var pipelined = Bytes(text + "GET / HTTP/1.1\r\n");
        Assert.True(RequestHeadParser.TryParse(pipelined, Limits, out var again, out int consumed));
        Assert.Equal(message.Length, consumed);
        Assert.Equal(Describe(head), Describe(again));
    }

    [Fact]
    public void Parsed_fields_are_what_was_sent()
    {
        var head = ParseEveryPrefix(Bytes("POST /a%20b?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 0010\r\nX-V:  spaced \t\r\n\r\n"), Limits);
        Assert.Equal(("POST", "/a%20b", "x=1", "1.1", "/a b"), (head.Method, head.RawPath, head.Query, head.HttpVersion, head.DecodedPath));
        Assert.Equal((BodyFraming.ContentLength, 10L, true), (head.Framing, head.ContentLength, head.KeepAlive));
        Assert.Equal("spaced", head.Header("x-v"));
    }

    [Fact]
    public void Request_line_of_exactly_the_limit_parses_and_one_byte_more_is_414()
    {
        ParseEveryPrefix(Bytes(RequestLine(Limits.MaxRequestLineBytes) + "\r\nHost: a\r\n\r\n"), Limits);
        RefusedAtEveryPrefix(Bytes(RequestLine(Limits.MaxRequestLineBytes + 1) + "\r\nHost: a\r\n\r\n"), Limits, 414);
    }

    [Fact]
    public void Header_block_of_exactly_the_limit_parses_and_one_byte_more_is_431()
    {
        ParseEveryPrefix(Bytes("GET / HTTP/1.1\r\n" + HeaderBlock(Limits.MaxHeaderBytes) + "\r\n\r\n"), Limits);
        RefusedAtEveryPrefix(Bytes("GET / HTTP/1.1\r\n" + HeaderBlock(Limits.MaxHeaderBytes + 1) + "\r\n\r\n"), Limits, 431);
    }

    [Fact]
    public void Exactly_the_most_header_fields_parse_and_one_more_is_431()
    {
        string Fields(int n) => "Host: a\r\n" + string.Concat(Enumerable.Range(1, n - 1).Select(i => $"X-{i}: v\r\n"));
        Assert.Equal(100, ParseEveryPrefix(Bytes("GET / HTTP/1.1\r\n" + Fields(100) + "\r\n"), Limits).Headers.Count);
        RefusedAtEveryPrefix(Bytes("GET / HTTP/1.1\r\n" + Fields(101) + "\r\n"), Limits, 431);
    }

    [Theory]
    [InlineData("1000", 0)]
    [InlineData("0000000000000000000000001000", 0)]
    [InlineData("1001", 413)]
    [InlineData("999999999999999999", 413)]
    [InlineData("9999999999999999999", 413)]
    [InlineData("99999999999999999999999999999999999999999", 413)]
    [InlineData("1000, 1000", 0)]
    [InlineData("1000, 999", 400)]
    [InlineData("-1", 400)]
    [InlineData("1 000", 400)]
    [InlineData("+5", 400)]
    [InlineData("0x10", 400)]
    public void Content_length_is_413_past_the_limit_whatever_its_digit_count_and_400_when_not_digits(string value, int status)
    {
        var message = Bytes($"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: {value}\r\n\r\n");
        if (status == 0) Assert.Equal(1000, ParseEveryPrefix(message, Limits).ContentLength);
        else RefusedAtEveryPrefix(message, Limits, status);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\nHost: a\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n", 417)]
    [InlineData("GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    public void Malformed_heads_are_refused_with_their_status_at_every_prefix(string text, int status) =>
        RefusedAtEveryPrefix(Bytes(text), Limits, status);

    private static string Describe(RequestHead h) =>
        $"{h.Method} {h.RawTarget} {h.RawPath} {h.Query} {h.HttpVersion} {h.Framing} {h.ContentLength} {h.KeepAlive} {h.ExpectContinue} {h.IsWebSocketUpgrade} " +
        string.Join("|", h.Headers.Select(f => f.Key + "=" + f.Value));

    /// <summary>"GET /?pad=… HTTP/1.1", exactly <paramref name="length"/> bytes without its CRLF.</summary>
    private static string RequestLine(int length)
    {
        const string start = "GET /?pad=", end = " HTTP/1.1";
        return start + new string('a', length - start.Length - end.Length) + end;
    }

    /// <summary>Header lines that, without the CRLF CRLF ending the head, are exactly <paramref name="length"/> bytes.</summary>
    private static string HeaderBlock(int length)
    {
        const string start = "Host: a\r\nX-Pad: ";
        return start + new string('p', length - start.Length);
    }
}
