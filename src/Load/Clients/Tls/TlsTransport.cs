using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Bench.Load.Clients.Transport;
using Bench.Load.Metrics;
using Bench.Load.Vocabulary;

namespace Bench.Load.Clients.Tls;

/// <summary>
/// TLS over any <see cref="ITransport"/>: <see cref="SslStream"/> (the runtime's OpenSSL binding on
/// Linux) on a <see cref="TransportStream"/>, so every scenario on the event loops — HTTP, SSE,
/// WebSocket, hold — gets https:// and wss:// by wrapping its transports. Connect is TCP connect plus
/// the handshake, both under the deadline the caller armed; a failed handshake throws
/// <see cref="TlsHandshakeException"/> with its error kind. Reads wait with a zero-byte read, then
/// take the decrypted bytes into a pooled buffer only while there are some, so
/// <see cref="WaitReadableAsync"/>/<see cref="TryReceive"/> keep an idle connection buffer-free.
/// </summary>
public sealed class TlsTransport : ITransport
{
    private const int PendingSize = 16 * 1024; // one TLS record's plaintext at most

    private readonly ITransport _inner;
    private readonly TlsClientContext _context;
    private readonly TlsMetrics _metrics;
    private readonly SslApplicationProtocol[] _alpn;
    private SslClientAuthenticationOptions? _options;
    private SslStream? _ssl;
    private byte[]? _pending;
    private int _pendingStart, _pendingEnd;
    private bool _peerClosed;
    private readonly TlsFailures _failures;

    internal TlsTransport(ITransport inner, TlsClientContext context, TlsMetrics metrics, SslApplicationProtocol[] alpn)
    {
        _inner = inner;
        _context = context;
        _metrics = metrics;
        _alpn = alpn;
        _failures = new TlsFailures(context.Settings.Insecure);
    }

    /// <summary>The protocol ALPN chose on the current connection (empty when none was).</summary>
    public SslApplicationProtocol NegotiatedProtocol => _ssl?.NegotiatedApplicationProtocol ?? default;

    public bool IsOpen => _inner.IsOpen;

    public async ValueTask ConnectAsync(IPEndPoint endpoint, IPAddress? source = null)
    {
        await _inner.ConnectAsync(endpoint, source).ConfigureAwait(false);
        var stream = new TransportStream(_inner) { Observer = new TlsHelloSniffer() };
        _ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        _options ??= _context.Options(Host ?? endpoint.Address.ToString(), _alpn, _failures.Validate);
        _failures.Reset();
        long start = Clock.Now;
        try
        {
            await _ssl.AuthenticateAsClientAsync(_options, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
        {
            _metrics.Failed();
            if (_inner.TimedOut) throw new TlsHandshakeException(ErrorKind.TlsTimeout, e);
            if (e is AuthenticationException) throw new TlsHandshakeException(_failures.Classify(e), e);
            throw;
        }
        _metrics.Completed(Clock.ToMicros(Clock.Now - start), stream.Observer.Resumed == true, TlsFailures.Version(_ssl.SslProtocol), _ssl.NegotiatedApplicationProtocol.ToString());
        stream.Observer = null;
    }

    /// <summary>The URL's host: the name asked for in SNI and checked in the certificate (unless --sni names another).</summary>
    internal string? Host { get; init; }

    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> data)
    {
        await Live().WriteAsync(data).ConfigureAwait(false);
        return data.Length;
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        if (_pendingEnd > _pendingStart) return new ValueTask<int>(TakePending(buffer.Span));
        if (_peerClosed) return new ValueTask<int>(0);
        return Live().ReadAsync(buffer);
    }

    public async ValueTask WaitReadableAsync()
    {
        if (_pendingEnd > _pendingStart || _peerClosed) return;
        var ssl = Live();
        // Waits for a whole record without a buffer, then takes its plaintext (already decrypted, so this read does not wait).
        await ssl.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);
        _pending ??= ArrayPool<byte>.Shared.Rent(PendingSize);
        int n = await ssl.ReadAsync(_pending.AsMemory(0, PendingSize)).ConfigureAwait(false);
        _pendingStart = 0;
        _pendingEnd = n;
        if (n == 0)
        {
            _peerClosed = true;
            ReturnPending();
        }
    }

    public int TryReceive(Span<byte> buffer)
    {
        if (_pendingEnd > _pendingStart) return TakePending(buffer);
        return _peerClosed ? 0 : -1;
    }

    private int TakePending(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, _pendingEnd - _pendingStart);
        _pending.AsSpan(_pendingStart, n).CopyTo(buffer);
        _pendingStart += n;
        if (_pendingStart == _pendingEnd) ReturnPending();
        return n;
    }

    private void ReturnPending()
    {
        if (_pending is not null) ArrayPool<byte>.Shared.Return(_pending);
        _pending = null;
        _pendingStart = _pendingEnd = 0;
    }

    public void Shutdown() => _inner.Shutdown();

    public void Close()
    {
        var ssl = _ssl;
        _ssl = null;
        ssl?.Dispose();
        ReturnPending();
        _peerClosed = false;
        _inner.Close();
    }

    public void Dispose()
    {
        Close();
        _inner.Dispose();
    }

    private SslStream Live() => _ssl ?? throw new SocketException((int)SocketError.NotConnected);

    public ValueTask<bool> DelayUntilAsync(long timestamp, bool wakeable = true) => _inner.DelayUntilAsync(timestamp, wakeable);

    public void Wake() => _inner.Wake();

    public void Arm(long ticks) => _inner.Arm(ticks);

    public bool Disarm() => _inner.Disarm();

    public bool TimedOut => _inner.TimedOut;

    public void ResetDeadline() => _inner.ResetDeadline();

    /// <summary>
    /// Wraps another factory's transports in TLS for one target host; owns the run's
    /// <see cref="TlsMetrics"/>. ALPN offers http/1.1 (HTTP, SSE and WebSocket upgrades all need it).
    /// </summary>
    public sealed class Factory : ITransportFactory
    {
        private static readonly SslApplicationProtocol[] Http11 = [SslApplicationProtocol.Http11];

        private readonly ITransportFactory _inner;
        private readonly TlsClientContext _context;
        private readonly string _host;

        public Factory(ITransportFactory inner, TlsSettings settings, string host)
        {
            _inner = inner;
            _context = settings.Load();
            _host = host;
            Metrics = settings.NewMetrics();
        }

        public TlsMetrics Metrics { get; }

        public TlsSettings Settings => _context.Settings;

        public string Name => $"{_inner.Name}+tls{(_context.Settings.Insecure ? ", TLS INSECURE: certificate not verified" : "")}";

        public ITransport Create(int vuIndex) => new TlsTransport(_inner.Create(vuIndex), _context, Metrics, Http11) { Host = _host };

        public void Dispose() => _inner.Dispose();
    }
}

/// <summary>A TLS handshake failed; <see cref="Kind"/> says why (certificate, expiry, name, timeout, ALPN, version, other).</summary>
public sealed class TlsHandshakeException(ErrorKind kind, Exception inner) : IOException($"{ErrorKinds.Name(kind)}: {inner.Message}", inner)
{
    public ErrorKind Kind { get; } = kind;
}
