using System.Net;
using System.Net.WebSockets;
using System.Text;
using Bench.Suites;
using Bench.Tests.Servers.Support;
using Bench.Tests.Tls.Support;
using Xunit;

namespace Bench.Tests.Tls;

/// <summary>
/// <c>bench-server kestrel --https</c>: a self-signed certificate made at start, its fingerprint printed
/// before the ready line, HTTP/1.1 and HTTP/2 by ALPN, WebSockets and SSE over TLS; <c>--h2c</c>
/// speaks HTTP/2 with prior knowledge on plaintext.
/// </summary>
public sealed class KestrelHttpsTests
{
    [Fact]
    public async Task Https_target_is_pinned_by_its_printed_fingerprint_and_speaks_http1_and_http2()
    {
        // The launcher's health check passed over TLS, trusting only the fingerprint the target printed.
        await using var server = await ServerProcess.StartAsync("kestrel", "--https");
        Assert.Equal(Uri.UriSchemeHttps, server.BaseUrl.Scheme);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", server.Target.CertificateFingerprint);

        using var h1 = Pinned(server, HttpVersion.Version11);
        using var h2 = Pinned(server, HttpVersion.Version20);
        foreach (var (client, version) in new[] { (h1, HttpVersion.Version11), (h2, HttpVersion.Version20) })
        {
            using var response = await client.GetAsync(new Uri(server.BaseUrl, "/hello"));
            Assert.Equal(version, response.Version);
            Assert.Equal("Hello World", await response.Content.ReadAsStringAsync());
        }

        // Nothing else trusts it: a client with the machine's roots refuses the certificate.
        using var untrusting = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri(server.BaseUrl, "/hello")));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
    }

    [Fact]
    public async Task Cert_out_writes_a_certificate_a_client_trusts_as_its_authority()
    {
        string pem = Path.Combine(Path.GetTempPath(), $"bench-kestrel-{Guid.NewGuid():N}.pem");
        try
        {
            await using var server = await ServerProcess.StartAsync("kestrel", "--https", "--cert-out", pem);
            await using var tls = await TlsProbe.ConnectAsync(server.BaseUrl.Port, TlsProbe.Trusting(pem, "localhost"));
            Assert.Equal(server.Target.CertificateFingerprint, TargetTrust.Fingerprint(new(tls.RemoteCertificate!)));
            var (status, body) = await TlsProbe.GetAsync(tls, "/hello", "localhost");
            Assert.Equal(("HTTP/1.1 200 OK", "Hello World"), (status, body));
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public async Task Wss_echo_and_https_sse_run_over_tls()
    {
        await using var server = await ServerProcess.StartAsync("kestrel", "--https");
        using var ws = new ClientWebSocket();
        ws.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            TargetTrust.Accepts(certificate, errors, server.Target.CertificateFingerprint, null);
        await ws.ConnectAsync(new Uri($"wss://127.0.0.1:{server.BaseUrl.Port}/ws/echo"), CancellationToken.None);
        var buffer = new byte[64];
        for (int i = 0; i < 3; i++)
        {
            await ws.SendAsync(Encoding.UTF8.GetBytes($"ping {i}"), WebSocketMessageType.Text, true, CancellationToken.None);
            var received = await ws.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal($"ping {i}", Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);

        using var client = Pinned(server, HttpVersion.Version11);
        string sse = await client.GetStringAsync(new Uri(server.BaseUrl, "/sse?events=3&interval_ms=1"));
        Assert.Equal(3, sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Count(e => e.Contains("id: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task H2c_speaks_http2_with_prior_knowledge_and_refuses_http1()
    {
        // The launcher's health check already spoke HTTP/2 with prior knowledge.
        await using var server = await ServerProcess.StartAsync("kestrel", "--h2c");
        using var h2c = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using (var response = await h2c.GetAsync(new Uri(server.BaseUrl, "/hello")))
        {
            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Equal("Hello World", await response.Content.ReadAsStringAsync());
        }
        using var h1 = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using (var response = await h1.GetAsync(new Uri(server.BaseUrl, "/hello")))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("--h2c --https", "bench-server: --h2c: plaintext only; with --https, HTTP/2 is offered by ALPN already")]
    [InlineData("--cert-out /tmp/x.pem", "bench-server: --cert-out: needs --https")]
    public async Task Contradictory_tls_options_exit_2_naming_the_option(string args, string line)
    {
        var (exitCode, _, stderr) = await ServerProcess.RunToExitAsync("kestrel", args.Split(' '));
        Assert.Equal(2, exitCode);
        Assert.Equal(line, string.Join('\n', stderr).Trim());
    }

    /// <summary>A client that trusts the target's self-signed certificate by its printed fingerprint, on one HTTP version.</summary>
    private static HttpClient Pinned(ServerProcess server, Version version) =>
        new(PinnedTarget.Handler(server.Target)) { DefaultRequestVersion = version, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
}
