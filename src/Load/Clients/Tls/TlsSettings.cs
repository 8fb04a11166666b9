using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bench.Load.Metrics;

namespace Bench.Load.Clients.Tls;

/// <summary>
/// How loadgen speaks TLS to an https:// or wss:// target: what it trusts (the machine's roots, a CA
/// file, or nothing with <see cref="Insecure"/>), the name it asks for (SNI, and the name the
/// certificate must carry), an optional client certificate, and whether sessions are resumed.
/// </summary>
public sealed record TlsSettings
{
    /// <summary>Skip certificate verification entirely; labelled in the target line, the summary and results.</summary>
    public bool Insecure { get; init; }

    /// <summary>PEM file of the authorities to trust instead of the machine's roots.</summary>
    public string? CaFile { get; init; }

    public string? ClientCertificateFile { get; init; }

    public string? ClientKeyFile { get; init; }

    /// <summary>The server name sent in SNI and checked against the certificate; by default the URL's host.</summary>
    public string? ServerName { get; init; }

    /// <summary>Resume TLS sessions on reconnects (tickets or session ids), as browsers do; off forces a full handshake every time.</summary>
    public bool Resume { get; init; } = true;

    /// <summary>The TLS versions offered (<c>--tls-version</c>): 1.2 and 1.3 unless one is chosen.</summary>
    public SslProtocols Versions { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The offered versions by the names nginx and OpenSSL use ("TLSv1.2", "TLSv1.3"), oldest first.</summary>
    public IReadOnlyList<string> OfferedVersions =>
        [.. new[] { SslProtocols.Tls12, SslProtocols.Tls13 }.Where(v => (Versions & v) != 0).Select(TlsFailures.Version)];

    /// <summary>"1.2" or "1.3" (what <c>--tls-version</c> takes) as the one version it names; null for anything else.</summary>
    public static SslProtocols? ParseVersion(string text) => text switch
    {
        "1.2" => SslProtocols.Tls12,
        "1.3" => SslProtocols.Tls13,
        _ => null,
    };

    /// <summary>
    /// Problems, each naming its option; empty when the files load. <paramref name="name"/> turns a
    /// flag's name ("--ca") into what the user wrote instead (a scenario file's "tls.ca"); default the flag.
    /// </summary>
    public IReadOnlyList<string> Validate(Func<string, string>? name = null)
    {
        name ??= flag => flag;
        var problems = new List<string>();
        if (Insecure && CaFile is not null) problems.Add($"{name("--insecure")}: cannot be combined with {name("--ca")} (one skips verification, the other configures it)");
        if (CaFile is not null)
        {
            try
            {
                var authorities = new X509Certificate2Collection();
                authorities.ImportFromPemFile(CaFile);
                if (authorities.Count == 0) problems.Add($"{name("--ca")}: {CaFile} holds no PEM certificate");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                problems.Add($"{name("--ca")}: cannot read {CaFile}: {e.Message}");
            }
        }
        if ((ClientCertificateFile is null) != (ClientKeyFile is null))
            problems.Add(ClientCertificateFile is null ? $"{name("--client-key")}: needs {name("--client-cert")}" : $"{name("--client-cert")}: needs {name("--client-key")}");
        else if (ClientCertificateFile is not null)
        {
            try
            {
                using var _ = X509Certificate2.CreateFromPemFile(ClientCertificateFile, ClientKeyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                problems.Add($"{name("--client-cert")}: cannot load {ClientCertificateFile} with {ClientKeyFile}: {e.Message}");
            }
        }
        if (ServerName is { } sni && Uri.CheckHostName(sni) is UriHostNameType.Unknown or UriHostNameType.Basic)
            problems.Add($"{name("--sni")}: '{sni}' is not a host name");
        return problems;
    }

    /// <summary>What verification does, for the target line, the summary and results: "system roots", "ca FILE" or "OFF (--insecure)".</summary>
    public string Verification => Insecure ? "OFF (--insecure)" : CaFile is not null ? $"ca {CaFile}" : "system roots";

    /// <summary>The run's handshake counters and histogram, labelled with these settings.</summary>
    public TlsMetrics NewMetrics() => new(Verification, ServerName, Resume, OfferedVersions);

    /// <summary>Loads the files once per run: the trust store and the client certificate every connection shares.</summary>
    internal TlsClientContext Load() => new(this);
}

/// <summary>The loaded form of <see cref="TlsSettings"/>: each connection gets its own options built from it.</summary>
internal sealed class TlsClientContext
{
    private readonly TlsSettings _settings;
    private readonly X509ChainPolicy? _policy;
    private readonly X509Certificate2? _clientCertificate;

    public TlsClientContext(TlsSettings settings)
    {
        _settings = settings;
        if (settings.CaFile is not null || settings.Insecure)
        {
            // --ca trusts that file's roots alone. --insecure accepts anything in its callback, but the runtime
            // builds a chain before it asks; against the system store that costs more than the handshake itself,
            // so an empty custom root store lets it fail fast.
            _policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true };
            if (settings.CaFile is not null) _policy.CustomTrustStore.ImportFromPemFile(settings.CaFile);
        }
        if (settings.ClientCertificateFile is not null)
            _clientCertificate = X509Certificate2.CreateFromPemFile(settings.ClientCertificateFile, settings.ClientKeyFile);
    }

    public TlsSettings Settings => _settings;

    /// <summary>The client options for connections to <paramref name="host"/>; <paramref name="validate"/> judges the server's certificate.</summary>
    public SslClientAuthenticationOptions Options(string host, IReadOnlyList<SslApplicationProtocol> alpn, RemoteCertificateValidationCallback validate)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = _settings.ServerName ?? host,
            ApplicationProtocols = [.. alpn],
            EnabledSslProtocols = _settings.Versions,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowTlsResume = _settings.Resume,
            RemoteCertificateValidationCallback = validate,
            CertificateChainPolicy = _policy?.Clone(),
        };
        if (_clientCertificate is not null) options.ClientCertificates = [_clientCertificate];
        return options;
    }
}
