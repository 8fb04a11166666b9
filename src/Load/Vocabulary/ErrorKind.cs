namespace Bench.Load.Vocabulary;

/// <summary>
/// Why an iteration failed. One taxonomy for every protocol (docs/ARCHITECTURE.md §3), so a report can
/// put HTTP, SSE and WebSocket failures side by side. Names in results come from <see cref="ErrorKinds.Name"/>.
/// </summary>
public enum ErrorKind
{
    None = 0,
    /// <summary>The connection was actively refused (nothing listening, or the backlog is full and the kernel says so).</summary>
    Refused,
    /// <summary>The peer reset or closed the connection before the response was complete.</summary>
    Reset,
    ConnectTimeout,
    /// <summary>The response did not complete within the timeout (read timeout).</summary>
    Timeout,
    /// <summary>The peer sent bytes that are not a valid response.</summary>
    Protocol,
    /// <summary>A complete response with status 4xx or 5xx.</summary>
    HttpStatus,
    /// <summary>The run stopped (graceful stop exceeded, Ctrl-C) while the iteration was in flight.</summary>
    Interrupted,
    /// <summary>The generator ran out of descriptors or ephemeral ports: the run is invalid.</summary>
    Exhausted,
    /// <summary>A code scenario's own code threw; results count the exception's type too.</summary>
    Exception,
    /// <summary>A stream the server ended (cleanly, or with a FIN mid-body) before it should have: no reset happened.</summary>
    EndedEarly,
    /// <summary>TLS: the server's certificate does not chain to a trusted authority (or is otherwise invalid).</summary>
    TlsCertificate,
    /// <summary>TLS: the server's certificate is outside its validity period.</summary>
    TlsExpired,
    /// <summary>TLS: the server's certificate is not for the name asked for (the URL's host, or --sni).</summary>
    TlsNameMismatch,
    /// <summary>TLS: the TCP connection was made but the handshake did not finish within the timeout.</summary>
    TlsTimeout,
    /// <summary>TLS: the server accepted none of the application protocols offered by ALPN (e.g. no h2).</summary>
    TlsAlpnRefused,
    /// <summary>TLS: client and server share no protocol version (e.g. a TLS 1.3-only server and a TLS 1.2 client).</summary>
    TlsVersionRefused,
    /// <summary>TLS: any other handshake failure (an alert from the server, a client certificate refused).</summary>
    TlsHandshake,
    /// <summary>HTTP/2: the server ended the connection with an error (GOAWAY with an error code, or a connection error) under this stream.</summary>
    H2GoAway,
    /// <summary>HTTP/2: the server reset this stream (RST_STREAM).</summary>
    H2Reset,
    Other,
}

public static class ErrorKinds
{
    public const int Count = (int)ErrorKind.Other + 1;

    public static string Name(ErrorKind kind) => kind switch
    {
        ErrorKind.None => "none",
        ErrorKind.Refused => "refused",
        ErrorKind.Reset => "reset",
        ErrorKind.ConnectTimeout => "connect-timeout",
        ErrorKind.Timeout => "timeout",
        ErrorKind.Protocol => "protocol",
        ErrorKind.HttpStatus => "http-status",
        ErrorKind.Interrupted => "interrupted",
        ErrorKind.Exhausted => "exhausted",
        ErrorKind.Exception => "exception",
        ErrorKind.EndedEarly => "ended-early",
        ErrorKind.TlsCertificate => "tls-certificate",
        ErrorKind.TlsExpired => "tls-certificate-expired",
        ErrorKind.TlsNameMismatch => "tls-name-mismatch",
        ErrorKind.TlsTimeout => "tls-handshake-timeout",
        ErrorKind.TlsAlpnRefused => "tls-alpn-refused",
        ErrorKind.TlsVersionRefused => "tls-version-refused",
        ErrorKind.TlsHandshake => "tls-handshake",
        ErrorKind.H2GoAway => "h2-goaway",
        ErrorKind.H2Reset => "h2-rst-stream",
        _ => "other",
    };

    /// <summary>A TLS handshake failure: its kind is decided by the TLS layer, never re-read as a socket error.</summary>
    public static bool IsTls(ErrorKind kind) => kind is >= ErrorKind.TlsCertificate and <= ErrorKind.TlsHandshake;

    /// <summary>
    /// One line a user understands for the failures that need explaining; null for self-explanatory kinds.
    /// <paramref name="tlsOffered"/> names the TLS versions the run offered (e.g. "TLSv1.2 only").
    /// </summary>
    public static string? Explain(ErrorKind kind, string? tlsOffered = null) => kind switch
    {
        ErrorKind.TlsCertificate => "the server's certificate is not trusted (unknown authority or bad chain): pass its CA with --ca FILE, or --insecure to skip verification",
        ErrorKind.TlsExpired => "the server's certificate has expired or is not yet valid",
        ErrorKind.TlsNameMismatch => "the server's certificate is for another name than the one asked for (the URL's host, or --sni NAME)",
        ErrorKind.TlsTimeout => "TCP connected but the TLS handshake did not finish within --timeout",
        ErrorKind.TlsAlpnRefused => "the server accepts none of the protocols offered by ALPN (HTTP/2 asked, the server has no h2)",
        ErrorKind.TlsVersionRefused => $"the server and loadgen share no TLS version (loadgen offered {tlsOffered ?? "TLSv1.2 and TLSv1.3"}; --tls-version 1.2|1.3 chooses, both by default)",
        ErrorKind.TlsHandshake => "the TLS handshake failed for another reason (a server alert, e.g. a client certificate it refused)",
        ErrorKind.H2GoAway => "the server closed the HTTP/2 connection with an error (GOAWAY) while this stream was open",
        ErrorKind.H2Reset => "the server reset the HTTP/2 stream (RST_STREAM) instead of answering it",
        _ => null,
    };
}
