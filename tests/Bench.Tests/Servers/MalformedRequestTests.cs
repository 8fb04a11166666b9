using System.Text;
using Bench.Servers.Http;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>Both twins, started once for a test class with the limits it provokes.</summary>
public abstract class TwinTargets(HttpLimits limits) : IAsyncLifetime
{
    private readonly Dictionary<string, TestTarget> _targets = [];

    internal TestTarget this[string name] => _targets[name];

    public async ValueTask InitializeAsync()
    {
        foreach (var name in TestTargets.Twins) _targets[name] = await TestTargets.StartAsync(name, new TargetSettings { Limits = limits });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var target in _targets.Values) await target.DisposeAsync();
    }
}

/// <summary>
/// A small body limit so 413 is cheap to provoke, and a header timeout short enough to wait out but
/// long enough that a busy 2-core machine does not turn slow reads into 408s.
/// </summary>
public sealed class MalformedRequestTargets() : TwinTargets(new HttpLimits { HeaderTimeout = HeaderTimeout, MaxBodyBytes = MaxBodyBytes })
{
    public const int MaxBodyBytes = 1000;
    public static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(1.5);
}

/// <summary>
/// The shared HTTP/1.1 core never trusts the peer: every malformed or oversized request gets its 4xx
/// (or 505), the connection is closed after it, and the server goes on serving others.
/// </summary>
public sealed class MalformedRequestTests(MalformedRequestTargets targets) : IClassFixture<MalformedRequestTargets>
{
    private const string Host = "Host: test";

    private static readonly MalformedCase[] Corpus =
    [
        // Request line (RFC 9112 §3)
        new("method with a separator", Head("G(T / HTTP/1.1", Host), 400),
        new("space before the method", Head(" GET / HTTP/1.1", Host), 400),
        new("no request target", Head("GET HTTP/1.1", Host), 400),
        new("two spaces after the method", Head("GET  / HTTP/1.1", Host), 400),
        new("no HTTP version (HTTP/0.9 style)", Head("GET /"), 400),
        new("lowercase protocol name", Head("GET / http/1.1", Host), 400),
        new("version with a letter", Head("GET / HTTP/1.x", Host), 400),
        new("trailing space after the version", Head("GET / HTTP/1.1 ", Host), 400),
        new("HTTP/2.0 request line", Head("GET / HTTP/2.0", Host), 505),
        new("control character in the target", Head("GET /a\x01b HTTP/1.1", Host), 400),
        new("space inside the target", Head("GET /a b HTTP/1.1", Host), 400),
        new("non-ASCII byte in the target", Head("GET /caf\u00C3\u00A9 HTTP/1.1", Host), 400),
        new("relative target", Head("GET hello HTTP/1.1", Host), 400),
        new("fragment in the target", Head("GET /hello#top HTTP/1.1", Host), 400),
        new("bare LF after the request line", "GET / HTTP/1.1\nHost: test\r\n\r\n", 400),
        new("request line over 8 KiB", Head($"GET /{new string('a', 9000)} HTTP/1.1", Host), 414),
        new("endless request line", $"GET /{new string('a', 10_000)}", 414),

        // Header fields (RFC 9112 §5, RFC 9110 §5)
        new("header line without a colon", Head("GET / HTTP/1.1", Host, "X-Test"), 400),
        new("whitespace before the colon", Head("GET / HTTP/1.1", Host, "X-Test : 1"), 400),
        new("empty header name", Head("GET / HTTP/1.1", Host, ": 1"), 400),
        new("non-ASCII byte in a header name", Head("GET / HTTP/1.1", Host, "X-Caf\u00C3\u00A9: 1"), 400),
        new("space inside a header name", Head("GET / HTTP/1.1", Host, "X Test: 1"), 400),
        new("control character in a header value", Head("GET / HTTP/1.1", Host, "X-Test: a\x01b"), 400),
        new("NUL in a header value", Head("GET / HTTP/1.1", Host, "X-Test: a\0b"), 400),
        new("obs-fold continuation line", Head("GET / HTTP/1.1", Host, "X-Test: a", " b"), 400),
        new("bare LF between header lines", "GET / HTTP/1.1\r\nHost: test\nX-Test: 1\r\n\r\n", 400),
        new("bare LF ending the head", "GET / HTTP/1.1\r\nHost: test\r\n\n", 400),
        new("header block over 32 KiB", Head("GET / HTTP/1.1", [Host, .. Enumerable.Range(0, 40).Select(i => $"X-Pad-{i}: {new string('p', 1000)}")]), 431),
        new("more than 100 header fields", Head("GET / HTTP/1.1", [Host, .. Enumerable.Range(0, 100).Select(i => $"X-Field-{i}: {i}")]), 431),
        new("missing Host in HTTP/1.1", Head("GET /health HTTP/1.1"), 400),
        new("two Host fields", Head("GET /health HTTP/1.1", Host, Host), 400),
        new("unsupported expectation", Head("POST /upload HTTP/1.1", Host, "Content-Length: 5", "Expect: 200-ok") + "hello", 417),

        // Body framing and request smuggling (RFC 9112 §6)
        new("Content-Length with Transfer-Encoding", Post("Content-Length: 5", "Transfer-Encoding: chunked") + "5\r\nhello\r\n0\r\n\r\n", 400),
        new("two different Content-Lengths", Post("Content-Length: 5", "Content-Length: 6") + "hello!", 400),
        new("Content-Length list with different values", Post("Content-Length: 5, 6") + "hello!", 400),
        new("negative Content-Length", Post("Content-Length: -1"), 400),
        new("Content-Length that is not a number", Post("Content-Length: five"), 400),
        new("Content-Length with a plus sign", Post("Content-Length: +5") + "hello", 400),
        new("Content-Length past 64 bits is over the body limit", Post("Content-Length: 1234567890123456789012345"), 413),
        new("Transfer-Encoding not ending in chunked", Post("Transfer-Encoding: gzip") + "hello", 400),
        new("obfuscated chunked coding", Post("Transfer-Encoding: xchunked") + "5\r\nhello\r\n0\r\n\r\n", 400),
        new("Transfer-Encoding in HTTP/1.0", Head("POST /upload HTTP/1.0", Host, "Transfer-Encoding: chunked") + "5\r\nhello\r\n0\r\n\r\n", 400),

        // Chunked bodies (RFC 9112 §7.1)
        new("chunk size that is not hex", Chunked("zz\r\nhello\r\n0\r\n\r\n"), 400),
        new("negative chunk size", Chunked("-5\r\nhello\r\n0\r\n\r\n"), 400),
        new("chunk size over 15 hex digits", Chunked("1000000000000000\r\nhello\r\n0\r\n\r\n"), 400),
        new("empty chunk size line", Chunked("\r\nhello\r\n0\r\n\r\n"), 400),
        new("chunk data not followed by CRLF", Chunked("5\r\nhelloXX\r\n0\r\n\r\n"), 400),
        new("bare LF after the chunk size", Chunked("5\nhello\r\n0\r\n\r\n"), 400),

        // Body limit (413)
        new("Content-Length over the body limit", Post($"Content-Length: {MalformedRequestTargets.MaxBodyBytes + 1}") + new string('b', 10), 413),
        new("one chunk over the body limit", Chunked($"{MalformedRequestTargets.MaxBodyBytes + 1:x}\r\n{new string('b', 10)}"), 413),
        new("chunks adding up to over the body limit", Chunked(string.Concat(Enumerable.Repeat($"190\r\n{new string('b', 400)}\r\n", 3)) + "0\r\n\r\n"), 413),

        // Truncated requests: the client half-closes before the request is complete.
        new("head cut short", "GET /health HTTP/1.1\r\nHost: test\r\n", 400) { CloseWrite = true },
        new("Content-Length body cut short", Post("Content-Length: 10") + "hello", 400) { CloseWrite = true },
        new("chunked body cut short", Chunked("a\r\nhello"), 400) { CloseWrite = true },

        // Slow clients: nothing more arrives before the header timeout.
        new("head not complete within the header timeout", "GET /health HTTP/1.1\r\nHost: te", 408),
        new("body not complete within the timeout", Post("Content-Length: 10") + "hello", 408),
    ];

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var twin in TestTargets.Twins)
        {
            foreach (var c in Corpus) rows.Add(twin, c.Name);
        }
        return rows;
    }

    [Fact]
    public void Corpus_has_at_least_30_distinct_cases()
    {
        Assert.True(Corpus.Length >= 30);
        Assert.Equal(Corpus.Length, Corpus.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Malformed_request_gets_its_status_and_the_server_keeps_serving(string twin, string name)
    {
        var c = Corpus.Single(x => x.Name == name);
        var target = targets[twin];

        var response = await RawHttp.ExchangeAsync(target.Port, Encoding.Latin1.GetBytes(c.Request), c.CloseWrite);

        Assert.True(c.Status == response.Status, $"expected {c.Status}, got: {response}");
        Assert.True(response.ClosedByServer, "the server kept the connection open after an error response");
        var health = await RawHttp.HealthAsync(target.Port);
        Assert.Equal(200, health.Status);
        Assert.Equal("ok", health.Body);
    }

    private static string Head(string requestLine, params string[] fields) =>
        requestLine + "\r\n" + string.Concat(fields.Select(f => f + "\r\n")) + "\r\n";

    private static string Post(params string[] fields) => Head("POST /upload HTTP/1.1", [Host, .. fields]);

    private static string Chunked(string body) => Post("Transfer-Encoding: chunked") + body;

    /// <summary>One malformed request; strings are sent as Latin-1, so "\u00C3\u00A9" goes out as the UTF-8 bytes of "é".</summary>
    private sealed record MalformedCase(string Name, string Request, int Status)
    {
        public bool CloseWrite { get; init; }
    }
}
