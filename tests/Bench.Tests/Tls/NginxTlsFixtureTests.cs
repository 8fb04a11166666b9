using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Bench.Tests.Servers.Support;
using Bench.Tests.Tls.Support;
using Xunit;

namespace Bench.Tests.Tls;

/// <summary>
/// The nginx the HTTPS and HTTP/2 load tests run against does what they rely on: it serves /hello over
/// TLS with the test authority's certificate, by ALPN on HTTP/1.1 and HTTP/2, and h2c; each server block
/// presents the fault it is named for; and its access log counts every request exactly once.
/// </summary>
public sealed class NginxTlsFixtureTests
{
    [Fact]
    public async Task Https_http1_and_http2_by_alpn_are_each_logged_once_per_request()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        await using (var tls = await TlsProbe.ConnectAsync(nginx.Ports.Https, TlsProbe.Trusting(pki.AuthorityPem, "127.0.0.1", "http/1.1")))
        {
            Assert.Equal(SslApplicationProtocol.Http11, tls.NegotiatedApplicationProtocol);
            for (int i = 0; i < 5; i++) Assert.Equal(("HTTP/1.1 200 OK", NginxTarget.HelloBody), await TlsProbe.GetAsync(tls, "/hello"));
        }
        using var h2 = Http2Client(pki.AuthorityPem);
        for (int i = 0; i < 7; i++)
        {
            using var response = await h2.GetAsync(nginx.Https());
            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Equal(NginxTarget.HelloBody, await response.Content.ReadAsStringAsync());
        }

        await Eventually.EqualAsync(12, () => nginx.Count(nginx.Ports.Https));
        var log = nginx.Log();
        Assert.Equal(5, log.Count(e => e.Protocol == "HTTP/1.1" && e.TlsProtocol.StartsWith("TLSv1.", StringComparison.Ordinal)));
        Assert.Equal(7, log.Count(e => e.Protocol == "HTTP/2.0"));
        Assert.DoesNotContain(log, e => e.Uri == "/health");
    }

    [Fact]
    public async Task H2c_with_prior_knowledge_and_plain_http1_are_served()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);
        using var h2c = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using (var response = await h2c.GetAsync($"http://127.0.0.1:{nginx.Ports.H2c}/hello"))
            Assert.Equal(HttpVersion.Version20, response.Version);
        using var plain = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using (var response = await plain.GetAsync($"http://127.0.0.1:{nginx.Ports.Plain}/hello"))
            Assert.Equal(NginxTarget.HelloBody, await response.Content.ReadAsStringAsync());

        await Eventually.EqualAsync(1, () => nginx.Count(nginx.Ports.H2c));
        Assert.Equal("HTTP/2.0", nginx.Log().Single(e => e.Port == nginx.Ports.H2c).Protocol);
        await Eventually.EqualAsync(1, () => nginx.Count(nginx.Ports.Plain));
    }

    [Fact]
    public async Task Each_faulty_server_block_fails_the_handshake_for_its_own_reason()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);

        var wrongCa = await HandshakeErrorsAsync(nginx.Ports.Https, TlsProbe.Trusting(pki.WrongAuthorityPem));
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, wrongCa.Errors);
        Assert.DoesNotContain(System.Security.Cryptography.X509Certificates.X509ChainStatusFlags.NotTimeValid, wrongCa.Chain);
        Assert.NotEmpty(wrongCa.Chain);

        var expired = await HandshakeErrorsAsync(nginx.Ports.Expired, TlsProbe.Trusting(pki.AuthorityPem));
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, expired.Errors);
        Assert.Contains(System.Security.Cryptography.X509Certificates.X509ChainStatusFlags.NotTimeValid, expired.Chain);

        var otherName = await HandshakeErrorsAsync(nginx.Ports.OtherName, TlsProbe.Trusting(pki.AuthorityPem));
        Assert.Equal(SslPolicyErrors.RemoteCertificateNameMismatch, otherName.Errors);

        var tls12 = TlsProbe.Trusting(pki.AuthorityPem);
        tls12.EnabledSslProtocols = SslProtocols.Tls12;
        Assert.IsType<AuthenticationException>(await TlsProbe.HandshakeFailureAsync(nginx.Ports.Tls13Only, tls12));

        // Without a client certificate the server refuses the request (TLS 1.3: after the handshake, as a 400 or an alert).
        await using (var anonymous = await TlsProbe.ConnectAsync(nginx.Ports.Mutual, TlsProbe.Trusting(pki.AuthorityPem)))
        {
            var refused = await RefusedAsync(anonymous);
            Assert.True(refused, "nginx served /hello without a client certificate");
        }
        var withCertificate = TlsProbe.Trusting(pki.AuthorityPem);
        withCertificate.ClientCertificates = [pki.LoadClientCertificate()];
        await using (var mutual = await TlsProbe.ConnectAsync(nginx.Ports.Mutual, withCertificate))
            Assert.Equal(("HTTP/1.1 200 OK", NginxTarget.HelloBody), await TlsProbe.GetAsync(mutual, "/hello"));
        // nginx logs a request after it has sent the answer: wait for the line rather than read the log at once.
        await Eventually.EqualAsync(1, () => nginx.Log().Count(e => e.Port == nginx.Ports.Mutual && e.Status == 200));
    }

    [Fact]
    public async Task A_server_without_http2_answers_an_h2_only_client_by_failing_the_handshake()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);
        // nginx >= 1.21.4 ends the handshake with no_application_protocol when no offered protocol matches.
        Assert.IsType<AuthenticationException>(await TlsProbe.HandshakeFailureAsync(nginx.Ports.Http1Tls, TlsProbe.Trusting(pki.AuthorityPem, "127.0.0.1", "h2")));
        await using var tls = await TlsProbe.ConnectAsync(nginx.Ports.Http1Tls, TlsProbe.Trusting(pki.AuthorityPem, "127.0.0.1", "h2", "http/1.1"));
        Assert.Equal(SslApplicationProtocol.Http11, tls.NegotiatedApplicationProtocol);
    }

    private static HttpClient Http2Client(string authorityPem) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        SslOptions = TlsProbe.Trusting(authorityPem),
    })
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>Handshakes while recording what certificate validation found, and fails it.</summary>
    private static async Task<(SslPolicyErrors Errors, System.Security.Cryptography.X509Certificates.X509ChainStatusFlags[] Chain)> HandshakeErrorsAsync(int port, SslClientAuthenticationOptions options)
    {
        SslPolicyErrors seen = SslPolicyErrors.None;
        var chain = Array.Empty<System.Security.Cryptography.X509Certificates.X509ChainStatusFlags>();
        options.RemoteCertificateValidationCallback = (_, _, c, errors) =>
        {
            seen = errors;
            chain = c?.ChainStatus.Select(s => s.Status).ToArray() ?? [];
            return false;
        };
        Assert.IsType<AuthenticationException>(await TlsProbe.HandshakeFailureAsync(port, options));
        return (seen, chain);
    }

    private static async Task<bool> RefusedAsync(SslStream tls)
    {
        try
        {
            var (status, _) = await TlsProbe.GetAsync(tls, "/hello");
            return status.StartsWith("HTTP/1.1 400", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }
}
