using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>The three targets, started once for the whole contract table.</summary>
public sealed class ContractTargets : IAsyncLifetime
{
    private readonly Dictionary<string, TestTarget> _targets = [];

    internal TestTarget this[string name] => _targets[name];

    public async ValueTask InitializeAsync()
    {
        foreach (var name in TestTargets.Names) _targets[name] = await TestTargets.StartAsync(name);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var target in _targets.Values) await target.DisposeAsync();
    }
}

/// <summary>
/// The demo app table in README.md: one contract, every target. Each row sends one request to one target and checks the
/// status, the Content-Type and the body's shape (exact text, JSON keys, stream or event framing).
/// </summary>
public sealed class ContractTests(ContractTargets targets) : IClassFixture<ContractTargets>
{
    private const string Text = "text/plain; charset=utf-8";
    private const string Json = "application/json";
    private const string EventStream = "text/event-stream";

    private static readonly byte[] UploadBody = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("upload-body-", 1000)));

    /// <summary>The contract, written once: tests/Bench.Tests/Peers runs the same rows on gunicorn and uvicorn.</summary>
    internal static readonly RouteCase[] Cases =
    [
        new("GET", "/health", 200, Text, Exact("ok")),
        new("GET", "/hello", 200, Text, Exact("Hello World")),
        new("HEAD", "/hello", 200, Text, Exact("")),
        new("GET", "/json", 200, Json, JsonShape(["message"], j => Assert.Equal("Hello, World!", j.GetProperty("message").GetString()))),
        new("GET", "/users/7?wait_ms=5", 200, Json, JsonShape(["email", "id", "name", "waited_ms"], j =>
        {
            Assert.Equal(7, j.GetProperty("id").GetInt64());
            Assert.Equal(5, j.GetProperty("waited_ms").GetInt32());
        })),
        new("GET", "/users/abc", 400, Text, Exact("user id must be a positive integer\n")),
        new("GET", "/users/0", 400, Text, Exact("user id must be a positive integer\n")),
        new("GET", "/users/1?wait_ms=-5", 400, Text, Exact("wait_ms must be an integer in 0..60000\n")),
        new("GET", "/users/1/orders", 404, Text, Exact("not found\n")),
        new("GET", "/cpu?iterations=1000", 200, Json, JsonShape(["iterations", "result"], j =>
        {
            Assert.Equal(1000, j.GetProperty("iterations").GetInt32());
            // The work is deterministic, so every target computes the same number.
            Assert.Equal("10992378149551695325", j.GetProperty("result").GetString());
        })),
        new("GET", "/cpu?iterations=-1", 400, Text, Exact("iterations must be an integer in 0..2000000000\n")),
        new("GET", "/cpu?iterations=lots", 400, Text, Exact("iterations must be an integer in 0..2000000000\n")),
        new("GET", "/stream?chunks=3&interval_ms=1&size=32", 200, Text, StreamShape(chunks: 3, size: 32)),
        new("GET", "/stream?chunks=0", 400, Text, Exact("chunks must be an integer in 1..100000\n")),
        new("GET", "/sse?events=2&interval_ms=1", 200, EventStream, SseShape(events: 2)),
        new("POST", "/upload", 200, Json, UploadShape(UploadBody)) { Content = UploadBody },
        new("POST", "/upload", 200, Json, UploadShape(UploadBody)) { Content = UploadBody, Chunked = true },
        new("POST", "/upload", 200, Json, UploadShape([])) { Content = [] },
        new("GET", "/upload", 405, Text, Exact("method not allowed\n")),
        new("POST", "/hello", 405, Text, Exact("method not allowed\n")) { Content = [] },
        new("DELETE", "/users/1", 405, Text, Exact("method not allowed\n")),
        new("GET", "/stats", 200, Json, JsonShape(["active_requests", "busy_threads", "idle_threads", "model", "open_connections",
            "open_sse_streams", "open_websockets", "process_threads", "total_requests"])),
        new("GET", "/whoami?wait_ms=1", 200, Json, JsonShape(["pid", "thread_after", "thread_before"],
            j => Assert.Equal(Environment.ProcessId, j.GetProperty("pid").GetInt32()))) { InProcessOnly = true },
        new("GET", "/no/such/route", 404, Text, Exact("not found\n")),
        new("GET", "/blocking?wait_ms=1", 200, Json, JsonShape(["mode", "waited_ms"], j => Assert.Equal("blocking", j.GetProperty("mode").GetString()))) { AsgiOnly = true },
        new("GET", "/offload?wait_ms=1", 200, Json, JsonShape(["mode", "waited_ms"], j => Assert.Equal("offload", j.GetProperty("mode").GetString()))) { AsgiOnly = true },
        new("GET", "/blocking?wait_ms=-1", 400, Text, Exact("wait_ms must be an integer in 0..60000\n")) { AsgiOnly = true },
    ];

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var target in TestTargets.Names)
        {
            foreach (var c in Cases) rows.Add(target, c.Name);
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Route_answers_the_same_status_content_type_and_body_shape_on_every_target(string target, string route) =>
        AssertRouteAsync(targets[target].Client, Cases.Single(x => x.Name == route), servesAsgiOnlyRoutes: target == TestTargets.Asgi);

    /// <summary>Sends one row's request and checks its answer; targets without the ASGI-only routes must answer them 404.</summary>
    internal static async Task AssertRouteAsync(HttpClient client, RouteCase c, bool servesAsgiOnlyRoutes)
    {
        var (status, contentType, body) = c.AsgiOnly && !servesAsgiOnlyRoutes
            ? (404, Text, Exact("not found\n"))
            : (c.Status, c.ContentType, c.Body);

        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Content is { } content) request.Content = c.Chunked ? new ChunkedContent(content) : new ByteArrayContent(content);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        body(text);
    }

    private static Action<string> Exact(string expected) => actual => Assert.Equal(expected, actual);

    private static Action<string> JsonShape(string[] keys, Action<JsonElement>? values = null) => actual =>
    {
        using var json = JsonDocument.Parse(actual);
        Assert.Equal(keys, json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        values?.Invoke(json.RootElement);
    };

    private static Action<string> UploadShape(byte[] sent) => JsonShape(["length", "sha256"], j =>
    {
        Assert.Equal(sent.Length, j.GetProperty("length").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(sent)), j.GetProperty("sha256").GetString());
    });

    /// <summary>Chunks of exactly <c>size</c> bytes: "chunk {i} t={µs}\n", dot padding, "\n".</summary>
    private static Action<string> StreamShape(int chunks, int size) => actual =>
    {
        Assert.Equal(chunks * size, actual.Length);
        for (int i = 0; i < chunks; i++)
        {
            Assert.Matches(new Regex($"^chunk {i} t=[0-9]+\n\\.*\n$"), actual.Substring(i * size, size));
        }
    };

    /// <summary>Events with ids 1..n, a retry hint on the first, and JSON data carrying seq and t_us.</summary>
    private static Action<string> SseShape(int events) => actual =>
    {
        var blocks = actual.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(events, blocks.Length);
        Assert.StartsWith("retry: ", blocks[0], StringComparison.Ordinal);
        for (int i = 0; i < events; i++)
        {
            var fields = blocks[i].Split('\n').Select(l => l.Split(": ", 2)).ToDictionary(f => f[0], f => f[1]);
            Assert.Equal($"{i + 1}", fields["id"]);
            using var data = JsonDocument.Parse(fields["data"]);
            Assert.Equal(i + 1, data.RootElement.GetProperty("seq").GetInt64());
            Assert.True(data.RootElement.GetProperty("t_us").GetInt64() > 0);
        }
    };

    internal sealed record RouteCase(string Method, string Path, int Status, string ContentType, Action<string> Body)
    {
        public byte[]? Content { get; init; }
        public bool Chunked { get; init; }
        /// <summary>Served by the event-loop twin only; the others answer 404.</summary>
        public bool AsgiOnly { get; init; }
        /// <summary>Checks something only a target inside the test process can match (its pid); out-of-process targets check it their own way.</summary>
        public bool InProcessOnly { get; init; }
        public string Name => $"{Method} {Path}" + (Chunked ? " (chunked)" : Content is { Length: 0 } && Method == "POST" && Path == "/upload" ? " (empty)" : "");
    }

    /// <summary>A body without a known length, so HttpClient frames it with Transfer-Encoding: chunked.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            int half = bytes.Length / 2;
            await stream.WriteAsync(bytes.AsMemory(0, half));
            await stream.FlushAsync();
            await stream.WriteAsync(bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
