using Bench.Load.Results;
using Bench.Tests.Load.Support;
using Bench.Tests.Servers.Support;
using Bench.Tests.Tls.Support;
using Xunit;

namespace Bench.Tests.Tls;

/// <summary>
/// <c>loadgen run --http2</c>: users are streams, N of them per connection. Against nginx the access
/// log shows every request once, over HTTP/2, on exactly the expected number of connections; against
/// Kestrel its own request counter agrees; a server without h2 and a reset stream are error kinds.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class Http2LoadTests
{
    [Fact]
    public async Task Ten_connections_of_ten_streams_over_h2_count_exactly_what_nginx_logged()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        var run = await LoadgenRun.StartAsync(pki.Path("h2.json"), "--url", $"https://localhost:{nginx.Ports.Https}/hello", "--ca", pki.AuthorityPem,
            "--http2", "--vus", "100", "--streams-per-connection", "10", "--iterations", "20", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(2000, result.Totals.Ok);
        Assert.Empty(result.Totals.Errors);
        Assert.Equal(2000, result.Latency.Latency.Count); // one latency per stream's request
        await Eventually.EqualAsync(2000, () => nginx.Count(nginx.Ports.Https), TimeSpan.FromSeconds(10));
        var log = nginx.Log();
        Assert.All(log, e => Assert.Equal("HTTP/2.0", e.Protocol));
        Assert.Equal(10, log.Select(e => e.Connection).Distinct().Count());
        Assert.All(log.GroupBy(e => e.Connection), c => Assert.Equal(200, c.Count()));
        var tls = Assert.IsType<TlsResult>(result.Tls);
        Assert.Equal(10, tls.Full + tls.Resumed);
        Assert.Equal(10, tls.Alpn["h2"]);
        Assert.Contains("HTTP/2 h2 by ALPN, 10 streams per connection", result.Config.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task H2c_with_prior_knowledge_counts_exactly_what_nginx_logged()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        var run = await LoadgenRun.StartAsync(pki.Path("h2c.json"), "--url", $"http://127.0.0.1:{nginx.Ports.H2c}/hello",
            "--http2", "--vus", "100", "--streams-per-connection", "10", "--iterations", "10", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(1000, result.Totals.Ok);
        Assert.Null(result.Tls);
        await Eventually.EqualAsync(1000, () => nginx.Count(nginx.Ports.H2c), TimeSpan.FromSeconds(10));
        Assert.Equal(10, nginx.Log().Select(e => e.Connection).Distinct().Count());
    }

    [Fact]
    public async Task Ten_connections_of_ten_streams_against_kestrel_https_count_exactly()
    {
        using var pki = new TestPki();
        await using var server = await ServerProcess.StartAsync("kestrel", "--https", "--cert-out", pki.Path("kestrel.pem"));
        long before = await PinnedTarget.TotalRequestsAsync(server.Target);

        var run = await LoadgenRun.StartAsync(pki.Path("kestrel-h2.json"), "--url", $"https://localhost:{server.BaseUrl.Port}/hello",
            "--ca", pki.Path("kestrel.pem"), "--http2", "--vus", "100", "--streams-per-connection", "10", "--iterations", "20", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(2000, result.Totals.Ok);
        Assert.Equal(2000, result.Latency.Latency.Count);
        Assert.Equal(10, result.Tls!.Full + result.Tls.Resumed);
        Assert.Equal(before + 2000 + 1, await PinnedTarget.TotalRequestsAsync(server.Target));
    }

    [Fact]
    public async Task A_server_without_h2_and_a_reset_stream_are_their_own_error_kinds()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        var noH2 = await LoadgenRun.StartAsync(pki.Path("no-h2.json"), "--url", $"https://localhost:{nginx.Ports.Http1Tls}/hello", "--ca", pki.AuthorityPem,
            "--http2", "--vus", "2", "--iterations", "2", "--timeout", "30s");
        var refused = Assert.IsType<RunResult>(noH2.Result, exactMatch: false);
        Assert.Equal(new Dictionary<string, long> { ["tls-alpn-refused"] = 4 }, refused.Totals.Errors);
        Assert.Contains("  tls-alpn-refused: 4 — ", noH2.Output, StringComparison.Ordinal);

        var reset = await LoadgenRun.StartAsync(pki.Path("reset.json"), "--url", $"https://localhost:{nginx.Ports.Https}/reset", "--ca", pki.AuthorityPem,
            "--http2", "--vus", "2", "--iterations", "2", "--timeout", "30s");
        var result = Assert.IsType<RunResult>(reset.Result, exactMatch: false);
        Assert.Equal(new Dictionary<string, long> { ["h2-rst-stream"] = 4 }, result.Totals.Errors);
    }

    [Theory]
    [InlineData(new[] { "--streams-per-connection", "10" }, "loadgen: --streams-per-connection: needs --http2")]
    [InlineData(new[] { "--http2", "--streams-per-connection", "0" }, "loadgen: --streams-per-connection: must be 1..1000 (got 0)")]
    [InlineData(new[] { "--http2", "--scenario", "sse" }, "loadgen: --http2: applies to HTTP request runs, not to --scenario sse/ws-echo/ws-chat/hold or --scenario-file")]
    public async Task Bad_http2_flags_print_one_line_naming_the_flag(string[] flags, string line)
    {
        var stderr = new StringWriter();
        int exit = await Bench.LoadGen.Cli.LoadGenCli.RunAsync(["run", "--url", "http://127.0.0.1:1/hello", .. flags], TextWriter.Null, stderr);
        Assert.Equal(2, exit);
        Assert.Equal(line, Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
