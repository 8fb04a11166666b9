using Bench.Load.Results;
using Bench.Tests.Load.Support;
using Bench.Tests.Servers.Support;
using Bench.Tests.Tls.Support;
using Xunit;

namespace Bench.Tests.Tls;

/// <summary>
/// <c>loadgen run</c> against https:// on the event-loop transport, checked against what nginx
/// logged: every request counted on both sides, the handshakes timed and told apart (full or
/// resumed, as nginx's $ssl_session_reused says), and each certificate fault its own error kind.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class HttpsLoadTests
{
    [Fact]
    public async Task Closed_https_run_counts_exactly_what_nginx_logged_with_a_handshake_histogram()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        var run = await LoadgenRun.StartAsync(pki.Path("closed.json"), "--url", nginx.Https().ToString(), "--ca", pki.AuthorityPem,
            "--vus", "4", "--iterations", "50", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(200, result.Totals.Ok);
        Assert.Empty(result.Totals.Errors);
        await Eventually.EqualAsync(200, () => nginx.Count(nginx.Ports.Https));
        var tls = Assert.IsType<TlsResult>(result.Tls);
        Assert.False(tls.Insecure);
        Assert.Equal(4, tls.Full + tls.Resumed); // keep-alive: one handshake per VU
        Assert.Equal(4, tls.Handshake.Count);
        Assert.True(tls.Handshake.P50 > 0);
        Assert.True(result.Histograms.ContainsKey("tlsHandshake"));
        Assert.Equal(4, tls.Alpn["http/1.1"]);
        Assert.Contains("  tls        TLSv1.3 4; handshakes", run.Output, StringComparison.Ordinal);
        Assert.Contains("+tls]", result.Config.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_https_run_counts_exactly_what_nginx_logged()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        var run = await LoadgenRun.StartAsync(pki.Path("open.json"), "--url", nginx.Https().ToString(), "--ca", pki.AuthorityPem,
            "--rate", "200", "--duration", "2s", "--vus", "20", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.True(result.Totals.Ok > 0);
        Assert.Equal(result.Totals.Requests, result.Totals.Ok);
        await Eventually.EqualAsync((int)result.Totals.Ok, () => nginx.Count(nginx.Ports.Https));
        Assert.NotNull(result.Tls);
        Assert.True(result.Histograms.ContainsKey("tlsHandshake"));
    }

    [Fact]
    public async Task Certificate_faults_are_counted_as_their_own_error_kinds_not_a_crash()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        foreach (var (port, ca, kind) in new[]
        {
            (nginx.Ports.Https, pki.WrongAuthorityPem, "tls-certificate"),
            (nginx.Ports.Expired, pki.AuthorityPem, "tls-certificate-expired"),
            (nginx.Ports.OtherName, pki.AuthorityPem, "tls-name-mismatch"),
        })
        {
            var run = await LoadgenRun.StartAsync(pki.Path($"{kind}.json"), "--url", $"https://127.0.0.1:{port}/hello", "--ca", ca,
                "--vus", "2", "--iterations", "3", "--timeout", "30s");
            var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
            Assert.True(run.Exit is 0 or 3, run.ToString());
            Assert.Equal(new Dictionary<string, long> { [kind] = 6 }, result.Totals.Errors);
            Assert.Equal(6, result.Tls!.Failed);
            Assert.Contains($"  {kind}: 6 — ", run.Output, StringComparison.Ordinal);
        }
        Assert.Empty(nginx.Log());
    }

    [Fact]
    public async Task Insecure_accepts_any_certificate_and_says_so_everywhere()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        var run = await LoadgenRun.StartAsync(pki.Path("insecure.json"), "--url", $"https://127.0.0.1:{nginx.Ports.OtherName}/hello", "--insecure",
            "--vus", "2", "--iterations", "5", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(10, result.Totals.Ok);
        Assert.True(result.Tls!.Insecure);
        Assert.Equal("OFF (--insecure)", result.Tls.Verification);
        Assert.Contains("TLS INSECURE", result.Config.Target, StringComparison.Ordinal);
        Assert.Contains("  INSECURE   certificate verification was OFF", run.Output, StringComparison.Ordinal);
        await Eventually.EqualAsync(10, () => nginx.Count(nginx.Ports.OtherName));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public async Task Resumed_handshakes_are_counted_as_nginx_saw_them(string resume)
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        // A new connection per request: every request is a handshake.
        var run = await LoadgenRun.StartAsync(pki.Path($"resume-{resume}.json"), "--url", $"https://localhost:{nginx.Ports.Https}/hello", "--ca", pki.AuthorityPem,
            "--header", "Connection: close", "--vus", "2", "--iterations", "10", "--tls-resume", resume, "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(20, result.Totals.Ok);
        var tls = result.Tls!;
        Assert.Equal(20, tls.Full + tls.Resumed);
        await Eventually.EqualAsync(20, () => nginx.Count(nginx.Ports.Https));
        int reusedByNginx = nginx.Log().Count(e => e.SessionReused);
        Assert.Equal(reusedByNginx, tls.Resumed);
        if (resume == "off") Assert.Equal(0, tls.Resumed);
        else Assert.True(tls.Resumed > 0, run.Output);
    }

    [Fact]
    public async Task A_client_certificate_opens_the_server_that_demands_one()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        var run = await LoadgenRun.StartAsync(pki.Path("mutual.json"), "--url", $"https://localhost:{nginx.Ports.Mutual}/hello", "--ca", pki.AuthorityPem,
            "--client-cert", pki.ClientPem, "--client-key", pki.ClientKey, "--vus", "2", "--iterations", "5", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(10, result.Totals.Ok);
        await Eventually.EqualAsync(10, () => nginx.Log().Count(e => e.Port == nginx.Ports.Mutual && e.Status == 200));
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_the_hello_is_a_handshake_timeout()
    {
        using var pki = new TestPki();
        // Accepts TCP connections (the kernel does, from the backlog) and never reads or writes.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        int port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;

        var run = await LoadgenRun.StartAsync(pki.Path("silent.json"), "--url", $"https://127.0.0.1:{port}/hello", "--insecure",
            "--vus", "1", "--iterations", "2", "--timeout", "300ms");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.Equal(new Dictionary<string, long> { ["tls-handshake-timeout"] = 2 }, result.Totals.Errors);
        Assert.Contains("  tls-handshake-timeout: 2 — TCP connected but the TLS handshake did not finish within --timeout", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--insecure", "http://127.0.0.1:1/hello", "loadgen: --insecure: applies to https:// and wss:// URLs only (got http://127.0.0.1:1/hello)")]
    [InlineData("--client-cert", "https://127.0.0.1:1/hello", "loadgen: --client-cert: needs --client-key")]
    [InlineData("--ca", "https://127.0.0.1:1/hello", "loadgen: --ca: cannot read /nonexistent/ca.pem: ")]
    public async Task Bad_tls_flags_print_one_line_naming_the_flag(string flag, string url, string line)
    {
        string[] args = flag switch
        {
            "--insecure" => ["run", "--url", url, "--insecure"],
            "--client-cert" => ["run", "--url", url, "--client-cert", "/tmp/x.pem"],
            _ => ["run", "--url", url, "--ca", "/nonexistent/ca.pem"],
        };
        var stderr = new StringWriter();
        int exit = await Bench.LoadGen.Cli.LoadGenCli.RunAsync(args, TextWriter.Null, stderr);
        Assert.Equal(2, exit);
        Assert.StartsWith(line, Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
