using Bench.Servers.Http;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>The default limits except a small body limit; no short timeouts, so split deliveries are never cut off.</summary>
public sealed class LimitTargets() : TwinTargets(new HttpLimits { MaxBodyBytes = MaxBodyBytes })
{
    public const int MaxBodyBytes = 1000;
}

/// <summary>
/// The limits are inclusive: a request exactly at a limit is served, one byte over is refused — also
/// when the bytes arrive split at the worst place (a CR in one segment, its LF in the next).
/// </summary>
public sealed class RequestLimitTests(LimitTargets targets) : IClassFixture<LimitTargets>
{
    private const int MaxLine = 8 * 1024;
    private const int MaxHeaderBlock = 32 * 1024;
    private const int MaxBody = LimitTargets.MaxBodyBytes;

    public static TheoryData<string> Twins() => [.. TestTargets.Twins];

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task Request_line_of_exactly_8_KiB_is_served_even_when_its_CR_and_LF_arrive_apart(string twin)
    {
        var line = RequestLine(MaxLine);
        var response = await RawHttp.ExchangeInPartsAsync(targets[twin].Port, [line + "\r", "\nHost: test\r\nConnection: close\r\n\r\n"]);
        Assert.True(response.Status == 200, response.ToString());
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task Request_line_one_byte_over_8_KiB_gets_414(string twin)
    {
        var response = await RawHttp.ExchangeAsync(targets[twin].Port, RequestLine(MaxLine + 1) + "\r\nHost: test\r\n\r\n");
        Assert.True(response.Status == 414, response.ToString());
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task Header_block_of_exactly_32_KiB_is_served_even_when_its_last_LF_arrives_late(string twin)
    {
        var block = HeaderBlock(MaxHeaderBlock);
        var response = await RawHttp.ExchangeInPartsAsync(targets[twin].Port, ["GET /health HTTP/1.1\r\n" + block + "\r\n\r", "\n"]);
        Assert.True(response.Status == 200, response.ToString());
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task Header_block_one_byte_over_32_KiB_gets_431(string twin)
    {
        var response = await RawHttp.ExchangeAsync(targets[twin].Port, "GET /health HTTP/1.1\r\n" + HeaderBlock(MaxHeaderBlock + 1) + "\r\n\r\n");
        Assert.True(response.Status == 431, response.ToString());
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task Exactly_100_header_fields_are_served(string twin)
    {
        var fields = string.Concat(Enumerable.Range(0, 98).Select(i => $"X-Field-{i}: {i}\r\n"));
        var response = await RawHttp.ExchangeAsync(targets[twin].Port, $"GET /health HTTP/1.1\r\nHost: test\r\n{fields}Connection: close\r\n\r\n");
        Assert.True(response.Status == 200, response.ToString());
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task Body_of_exactly_the_limit_is_served(string twin)
    {
        var body = new string('b', MaxBody);
        var response = await RawHttp.ExchangeAsync(targets[twin].Port,
            $"POST /upload HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Length: {MaxBody}\r\n\r\n{body}");
        Assert.True(response.Status == 200, response.ToString());
        Assert.Contains($"\"length\":{MaxBody}", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Twins))]
    public async Task Chunked_body_of_exactly_the_limit_is_served(string twin)
    {
        var chunks = $"{MaxBody - 100:x}\r\n{new string('b', MaxBody - 100)}\r\n64\r\n{new string('c', 100)}\r\n0\r\n\r\n";
        var response = await RawHttp.ExchangeAsync(targets[twin].Port,
            $"POST /upload HTTP/1.1\r\nHost: test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}");
        Assert.True(response.Status == 200, response.ToString());
        Assert.Contains($"\"length\":{MaxBody}", response.Body, StringComparison.Ordinal);
    }

    /// <summary>"GET /health?pad=… HTTP/1.1", exactly <paramref name="length"/> bytes without its CRLF.</summary>
    private static string RequestLine(int length)
    {
        const string start = "GET /health?pad=", end = " HTTP/1.1";
        return start + new string('a', length - start.Length - end.Length) + end;
    }

    /// <summary>Header lines that, without the CRLF CRLF ending the head, are exactly <paramref name="length"/> bytes.</summary>
    private static string HeaderBlock(int length)
    {
        const string start = "Host: test\r\nConnection: close\r\nX-Pad: ";
        return start + new string('p', length - start.Length);
    }
}
