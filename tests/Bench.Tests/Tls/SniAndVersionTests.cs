using Bench.Load.Results;
using Bench.Tests.Load.Support;
using Bench.Tests.Servers.Support;
using Bench.Tests.Tls.Support;
using Xunit;

namespace Bench.Tests.Tls;

/// <summary>
/// <c>loadgen run --sni NAME</c> and <c>--tls-version 1.2|1.3</c> against nginx: the name sent is the
/// one nginx logs ($ssl_server_name) and the one the certificate is checked against; the version
/// offered is the one negotiated, and a version the server does not speak fails every connection as
/// <c>tls-version-refused</c>. Requests are counted against nginx's access log.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class SniAndVersionTests
{
    [Fact]
    public async Task Sni_is_the_name_sent_and_the_name_the_certificate_is_checked_against()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        // The URL's host is an IP address, which is never sent as SNI: --sni sends a name, and nginx logs it.
        var named = await LoadgenRun.StartAsync(pki.Path("sni-localhost.json"), "--url", nginx.Https().ToString(), "--ca", pki.AuthorityPem,
            "--sni", "localhost", "--vus", "2", "--iterations", "3", "--timeout", "30s");
        var result = Assert.IsType<RunResult>(named.Result, exactMatch: false);
        Assert.True(named.Exit is 0 or 3, named.ToString());
        Assert.Equal(6, result.Totals.Ok);
        Assert.Equal("localhost", result.Tls!.ServerName);
        Assert.Contains($"  tls verify ca {pki.AuthorityPem}, sni localhost; offered TLSv1.2 and TLSv1.3", named.Output, StringComparison.Ordinal);
        await Eventually.EqualAsync(6, () => nginx.Count(nginx.Ports.Https));
        Assert.All(nginx.Log(), e => Assert.Equal("localhost", e.ServerName));

        // The same URL without --sni: no name sent (the check is against the certificate's IP address entry).
        var unnamed = await LoadgenRun.StartAsync(pki.Path("sni-none.json"), "--url", nginx.Https().ToString(), "--ca", pki.AuthorityPem,
            "--vus", "1", "--iterations", "2", "--timeout", "30s");
        Assert.Equal(2, unnamed.Result!.Totals.Ok);
        await Eventually.EqualAsync(8, () => nginx.Count(nginx.Ports.Https));
        Assert.Equal(2, nginx.Log().Count(e => e.ServerName.Length == 0));

        // This port presents a certificate for elsewhere.example only: 127.0.0.1 alone is a name mismatch
        // (HttpsLoadTests), --sni elsewhere.example passes, so the check follows --sni, not the URL.
        var other = await LoadgenRun.StartAsync(pki.Path("sni-other.json"), "--url", $"https://127.0.0.1:{nginx.Ports.OtherName}/hello",
            "--ca", pki.AuthorityPem, "--sni", "elsewhere.example", "--vus", "2", "--iterations", "3", "--timeout", "30s");
        Assert.True(other.Exit is 0 or 3, other.ToString());
        Assert.Equal(6, other.Result!.Totals.Ok);
        Assert.Empty(other.Result.Totals.Errors);
        await Eventually.EqualAsync(6, () => nginx.Count(nginx.Ports.OtherName));
        Assert.All(nginx.Log().Where(e => e.Port == nginx.Ports.OtherName), e => Assert.Equal("elsewhere.example", e.ServerName));
    }

    [Fact]
    public async Task A_wrong_sni_is_a_name_mismatch_even_when_the_url_host_would_pass()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        // The certificate carries localhost: the URL alone would pass; --sni asks for a name it does not carry.
        var run = await LoadgenRun.StartAsync(pki.Path("sni-wrong.json"), "--url", $"https://localhost:{nginx.Ports.Https}/hello", "--ca", pki.AuthorityPem,
            "--sni", "wrong.example", "--vus", "2", "--iterations", "3", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(new Dictionary<string, long> { ["tls-name-mismatch"] = 6 }, result.Totals.Errors);
        Assert.Equal(6, result.Tls!.Failed);
        Assert.Equal("wrong.example", result.Tls.ServerName);
        Assert.Contains("  tls-name-mismatch: 6 — the server's certificate is for another name than the one asked for (the URL's host, or --sni NAME)", run.Output, StringComparison.Ordinal);
        Assert.Empty(nginx.Log());
    }

    [Fact]
    public async Task Tls12_only_against_a_tls13_only_server_is_refused_on_every_connection_and_explained()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        var run = await LoadgenRun.StartAsync(pki.Path("tls12-refused.json"), "--url", $"https://localhost:{nginx.Ports.Tls13Only}/hello", "--ca", pki.AuthorityPem,
            "--tls-version", "1.2", "--vus", "2", "--iterations", "3", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(0, result.Totals.Ok);
        Assert.Equal(new Dictionary<string, long> { ["tls-version-refused"] = 6 }, result.Totals.Errors);
        Assert.Equal(6, result.Tls!.Failed);
        Assert.Equal(["TLSv1.2"], result.Tls.Offered!);
        Assert.Contains("  tls-version-refused: 6 — the server and loadgen share no TLS version (loadgen offered TLSv1.2 only; --tls-version 1.2|1.3 chooses, both by default)",
            run.Output, StringComparison.Ordinal);
        Assert.Empty(nginx.Log());
    }

    [Theory]
    [InlineData("1.3", "TLSv1.3")]
    [InlineData("1.2", "TLSv1.2")]
    public async Task The_version_offered_is_the_version_negotiated_as_nginx_logged_it(string version, string name)
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);
        // 1.3 goes to the TLS-1.3-only block (it succeeds where 1.2 is refused); 1.2 to the block that speaks both.
        int port = version == "1.3" ? nginx.Ports.Tls13Only : nginx.Ports.Https;

        var run = await LoadgenRun.StartAsync(pki.Path($"tls{version}.json"), "--url", $"https://localhost:{port}/hello", "--ca", pki.AuthorityPem,
            "--tls-version", version, "--vus", "2", "--iterations", "3", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        Assert.Equal(6, result.Totals.Ok);
        Assert.Empty(result.Totals.Errors);
        Assert.Equal(new Dictionary<string, long> { [name] = 2 }, result.Tls!.Versions);
        Assert.Equal([name], result.Tls.Offered!);
        Assert.Contains($"; offered {name} only", run.Output, StringComparison.Ordinal);
        await Eventually.EqualAsync(6, () => nginx.Count(port));
        Assert.All(nginx.Log(), e => Assert.Equal(name, e.TlsProtocol));
    }

    [Theory]
    [InlineData("https://127.0.0.1:1/hello", "1.1", "loadgen: --tls-version: must be 1.2 or 1.3 (got '1.1'; without the option both are offered)")]
    [InlineData("http://127.0.0.1:1/hello", "1.3", "loadgen: --tls-version: applies to https:// and wss:// URLs only (got http://127.0.0.1:1/hello)")]
    public async Task A_bad_tls_version_is_one_line_naming_the_option(string url, string version, string line)
    {
        var stderr = new StringWriter();
        int exit = await Bench.LoadGen.Cli.LoadGenCli.RunAsync(["run", "--url", url, "--tls-version", version], TextWriter.Null, stderr);
        Assert.Equal(2, exit);
        Assert.Equal(line, Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
