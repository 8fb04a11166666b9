using System.Security.Cryptography.X509Certificates;
using Bench.Servers.Hosting;

namespace Bench.Tests.Tls.Support;

/// <summary>
/// The tests' certificates, made in-process and written as PEM into a directory of their own: an
/// authority, a server certificate it signed for 127.0.0.1 and localhost, an expired one and one for
/// another name, a client certificate for mutual TLS, and a second authority that signed nothing the
/// servers present (the "wrong CA"). Disposing deletes the directory.
/// </summary>
internal sealed class TestPki : IDisposable
{
    public static readonly string[] ServerNames = ["localhost", "127.0.0.1"];

    public TestPki()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("bench-tls-");
        // nginx's workers (nobody, when the tests run as root) only ever read what the master opened; 0755 lets them stat the prefix.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Directory.FullName, (UnixFileMode)0b111_101_101);
        var now = DateTimeOffset.UtcNow;
        using var authority = Certificates.Authority("Bench test CA");
        using var wrong = Certificates.Authority("Bench wrong CA");
        using var server = Certificates.Issue(authority, ServerNames, now.AddHours(-1), now.AddDays(7));
        using var expired = Certificates.Issue(authority, ServerNames, now.AddHours(-12), now.AddHours(-1));
        using var otherName = Certificates.Issue(authority, ["elsewhere.example"], now.AddHours(-1), now.AddDays(7));
        using var client = Certificates.Issue(authority, ["bench-client"], now.AddHours(-1), now.AddDays(7), client: true);
        Certificates.WritePem(authority, AuthorityPem);
        Certificates.WritePem(wrong, WrongAuthorityPem);
        Certificates.WritePem(server, ServerPem, ServerKey);
        Certificates.WritePem(expired, ExpiredPem, ExpiredKey);
        Certificates.WritePem(otherName, OtherNamePem, OtherNameKey);
        Certificates.WritePem(client, ClientPem, ClientKey);
        ServerFingerprint = Certificates.Fingerprint(server);
    }

    public DirectoryInfo Directory { get; }

    public string AuthorityPem => Path("ca.pem");
    public string WrongAuthorityPem => Path("wrong-ca.pem");
    public string ServerPem => Path("server.pem");
    public string ServerKey => Path("server.key");
    public string ExpiredPem => Path("expired.pem");
    public string ExpiredKey => Path("expired.key");
    public string OtherNamePem => Path("other-name.pem");
    public string OtherNameKey => Path("other-name.key");
    public string ClientPem => Path("client.pem");
    public string ClientKey => Path("client.key");

    public string ServerFingerprint { get; }

    /// <summary>The client certificate with its key, as SslStream wants it.</summary>
    public X509Certificate2 LoadClientCertificate() => X509Certificate2.CreateFromPemFile(ClientPem, ClientKey);

    public string Path(string name) => System.IO.Path.Combine(Directory.FullName, name);

    public void Dispose()
    {
        try { Directory.Delete(recursive: true); }
        catch (IOException) { }
    }
}
