using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bench.Suites;

/// <summary>
/// Whether the launcher's health check trusts an HTTPS target: a certificate the machine trusts, the
/// self-signed one whose fingerprint the target printed, or one that chains to the authority in a PEM
/// file. The host name must match in every case but the pinned one (a pin names the certificate itself).
/// </summary>
public static class TargetTrust
{
    public static bool Accepts(X509Certificate? presented, SslPolicyErrors errors, string? fingerprint, string? authorityPem)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (presented is null) return false;
        using var certificate = new X509Certificate2(presented);
        if (fingerprint is not null && Fingerprint(certificate) == fingerprint) return true;
        if (authorityPem is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.ImportFromPemFile(authorityPem);
        return chain.Build(certificate);
    }

    /// <summary>SHA-256 of the DER certificate, colon-separated upper-case hex (as bench-server prints it).</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
