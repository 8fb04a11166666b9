using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bench.Servers.Hosting;

/// <summary>
/// Certificates made in-process with <see cref="CertificateRequest"/>: the Kestrel target's self-signed
/// one (<c>bench-server kestrel --https</c>) and the tests' authority and leaves. ECDSA P-256 keys: the
/// cheapest handshake a production server offers, so a TLS run measures the protocol, not RSA signing.
/// </summary>
public static class Certificates
{
    /// <summary>A self-signed server certificate for <paramref name="names"/> (DNS names or IP addresses), valid from an hour ago.</summary>
    public static X509Certificate2 SelfSigned(IReadOnlyList<string> names, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(names[0], key, names, serverAuth: true, clientAuth: false);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddHours(-1), now + validity);
    }

    /// <summary>A certificate authority that can sign leaves (tests: the CA a client trusts, or a wrong one).</summary>
    public static X509Certificate2 Authority(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>
    /// A leaf signed by <paramref name="authority"/> for <paramref name="names"/>, valid between the two
    /// times (a past window makes an expired certificate); a server or a client certificate.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, IReadOnlyList<string> names, DateTimeOffset notBefore, DateTimeOffset notAfter, bool client = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(names[0], key, names, serverAuth: !client, clientAuth: client);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        Span<byte> serial = stackalloc byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>SHA-256 of the DER certificate as colon-separated hex, the form <c>openssl x509 -fingerprint -sha256</c> prints.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Writes the certificate as PEM, and its private key (PKCS#8 PEM, mode 0600) when <paramref name="keyPath"/> is given.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string? keyPath = null)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        if (keyPath is null) return;
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no ECDSA private key");
        File.WriteAllText(keyPath, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    private static CertificateRequest LeafRequest(string commonName, ECDsa key, IReadOnlyList<string> names, bool serverAuth, bool clientAuth)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address)) san.AddIpAddress(address);
            else san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection();
        // 1.3.6.1.5.5.7.3.1 = TLS server authentication, .2 = TLS client authentication (RFC 5280 §4.2.1.12).
        if (serverAuth) usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        if (clientAuth) usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        return request;
    }
}
