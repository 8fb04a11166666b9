using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bench.Tests.Tls.Support;

/// <summary>
/// One TLS connection made by hand with SslStream (no HTTP client in between), so a test sees exactly
/// what the handshake did: the protocol version, ALPN's choice, whether the session was resumed, or the
/// certificate problem that failed it.
/// </summary>
internal static class TlsProbe
{
    /// <summary>Client options trusting <paramref name="authorityPem"/> only (or nothing else: the machine's roots when null).</summary>
    public static SslClientAuthenticationOptions Trusting(string? authorityPem, string host = "127.0.0.1", params string[] alpn)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = alpn.Select(p => new SslApplicationProtocol(p)).ToList(),
        };
        if (authorityPem is not null)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.ImportFromPemFile(authorityPem);
            options.CertificateChainPolicy = policy;
        }
        return options;
    }

    public static async Task<SslStream> ConnectAsync(int port, SslClientAuthenticationOptions options)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await tls.AuthenticateAsClientAsync(options, timeout.Token);
            }
            catch
            {
                await tls.DisposeAsync();
                throw;
            }
            return tls;
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>An HTTP/1.1 GET on the stream; returns the status line and the body (Content-Length bodies only).</summary>
    public static async Task<(string Status, string Body)> GetAsync(Stream stream, string path, string host = "127.0.0.1")
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            int n = await stream.ReadAsync(buffer);
            if (n == 0) throw new IOException("the server closed the connection before the response ended");
            received.AddRange(buffer.AsSpan(0, n));
            string text = Encoding.ASCII.GetString(received.ToArray());
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var head = text[..end].Split("\r\n");
            int length = head.Skip(1).Select(h => h.Split(':', 2)).Where(h => h[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).Single();
            if (received.Count >= end + 4 + length) return (head[0], text.Substring(end + 4, length));
        }
    }

    /// <summary>The exception a failed handshake threw, unwrapped to the AuthenticationException when there is one.</summary>
    public static async Task<Exception> HandshakeFailureAsync(int port, SslClientAuthenticationOptions options)
    {
        try
        {
            await using var tls = await ConnectAsync(port, options);
            // TLS 1.3 servers reject a client certificate after the handshake: the first read sees it.
            await GetAsync(tls, "/hello");
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException($"the handshake on port {port} succeeded");
    }
}
