using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Bench.Load.Clients.Tls;
using Bench.Load.Metrics;

namespace Bench.Load.Clients.Http2;

/// <summary>
/// One HTTP/2 connection that several users' streams share: its own <see cref="SocketsHttpHandler"/>
/// with at most one connection (no second one when the server's stream limit is reached; requests
/// wait instead), h2 by ALPN over TLS or h2c with prior knowledge in plaintext. The TCP connect and
/// the TLS handshake are timed through the handler's connect callback and plaintext filter; the
/// handshake's hellos are read on the way to tell resumed from full.
/// </summary>
internal sealed class Http2Connection : IDisposable
{
    private readonly IPEndPoint _endpoint;
    private readonly TlsMetrics? _metrics;
    private HelloObservingStream? _observed;
    private long _connectedAt;

    public Http2Connection(IPEndPoint endpoint, string host, TimeSpan timeout, TlsClientContext? tls, TlsMetrics? metrics)
    {
        _endpoint = endpoint;
        _metrics = metrics;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 1,
            EnableMultipleHttp2Connections = false,
            ConnectTimeout = timeout,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectCallback = ConnectAsync,
            PlaintextStreamFilter = HandshakeDone,
        };
        if (tls is not null)
        {
            Failures = new TlsFailures(tls.Settings.Insecure);
            handler.SslOptions = tls.Options(host, [SslApplicationProtocol.Http2], Failures.Validate);
        }
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>This connection's certificate verdicts; null in plaintext (h2c).</summary>
    public TlsFailures? Failures { get; }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        Failures?.Reset();
        _connectedAt = Clock.Now;
        var stream = new NetworkStream(socket, ownsSocket: true);
        if (Failures is null) return stream;
        _observed = new HelloObservingStream(stream) { Observer = new TlsHelloSniffer() };
        return _observed;
    }

    private ValueTask<Stream> HandshakeDone(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        if (_metrics is not null && context.PlaintextStream is SslStream ssl && _observed is { } observed)
        {
            _metrics.Completed(Clock.ToMicros(Clock.Now - _connectedAt), observed.Observer?.Resumed == true, TlsFailures.Version(ssl.SslProtocol),
                ssl.NegotiatedApplicationProtocol.ToString());
            observed.Observer = null;
        }
        return new ValueTask<Stream>(context.PlaintextStream);
    }

    public void Dispose() => Invoker.Dispose();
}
