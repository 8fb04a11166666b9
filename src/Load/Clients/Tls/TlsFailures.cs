using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Bench.Load.Vocabulary;

namespace Bench.Load.Clients.Tls;

/// <summary>
/// One connection's certificate check and, when its handshake fails, why: the validation callback
/// records what it found (SslStream only says "authentication failed"), and <see cref="Classify"/>
/// turns that, or OpenSSL's reason in the exception chain, into an error kind.
/// </summary>
internal sealed class TlsFailures(bool insecure)
{
    private SslPolicyErrors _policyErrors;
    private X509ChainStatusFlags _chainStatus;
    private bool _rejected;

    /// <summary>Call before each handshake: the verdict belongs to one connection.</summary>
    public void Reset() => _rejected = false;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        _policyErrors = errors;
        _chainStatus = 0;
        if (chain is not null)
            foreach (var s in chain.ChainStatus) _chainStatus |= s.Status;
        bool accepted = insecure || errors == SslPolicyErrors.None;
        _rejected = !accepted;
        return accepted;
    }

    public ErrorKind Classify(Exception e)
    {
        if (_rejected)
        {
            if ((_chainStatus & (X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested)) != 0) return ErrorKind.TlsExpired;
            if ((_policyErrors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return ErrorKind.TlsNameMismatch;
            return ErrorKind.TlsCertificate;
        }
        // OpenSSL's reason strings, e.g. "tlsv1 alert no application protocol", "unsupported protocol", "tlsv1 alert protocol version".
        for (var x = e; x is not null; x = x.InnerException)
        {
            string m = x.Message;
            if (m.Contains("no application protocol", StringComparison.OrdinalIgnoreCase)) return ErrorKind.TlsAlpnRefused;
            if (m.Contains("protocol version", StringComparison.OrdinalIgnoreCase) || m.Contains("unsupported protocol", StringComparison.OrdinalIgnoreCase)
                || m.Contains("version too low", StringComparison.OrdinalIgnoreCase))
                return ErrorKind.TlsVersionRefused;
        }
        return ErrorKind.TlsHandshake;
    }

    /// <summary>"TLSv1.3", "TLSv1.2": the names nginx and OpenSSL use.</summary>
    public static string Version(System.Security.Authentication.SslProtocols protocol) => protocol switch
    {
        System.Security.Authentication.SslProtocols.Tls13 => "TLSv1.3",
        System.Security.Authentication.SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
