using System.Security.Cryptography.X509Certificates;

namespace Bench.Servers.Kestrel;

/// <summary>The Kestrel reference target: Kestrel's own defaults except where a knob is named here.</summary>
public sealed record KestrelOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; }
    public TimeSpan GracefulTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan HeaderTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public long MaxBodyBytes { get; init; } = 30_000_000;

    /// <summary>
    /// Serve HTTPS with this certificate (HTTP/1.1 and HTTP/2, chosen by ALPN); null serves plaintext.
    /// </summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Plaintext HTTP/2 only (h2c with prior knowledge, RFC 9113 §3.3): Kestrel speaks HTTP/2 on a
    /// cleartext endpoint only when it is the endpoint's one protocol, so HTTP/1.1 clients are refused.
    /// </summary>
    public bool Http2Cleartext { get; init; }
}
