using System.Net.Sockets;

namespace Bench.Servers.Http;

/// <summary>The client announced a WebSocket message over the limit; the server closes with 1009.</summary>
public sealed class WebSocketMessageTooBig() : IOException("WebSocket message over the size limit");

/// <summary>
/// The stream under a server WebSocket: reads pass through a <see cref="WebSocketFrameScanner"/>, so a
/// frame header declaring a message over the limit fails the read right there, before its payload.
/// The WebSocket then aborts; <see cref="SendCloseAsync"/> still tells the client why (1009), over the
/// socket itself, because an aborted WebSocket disposes its stream. Writes are serialised here so that
/// close frame never lands inside a frame the WebSocket is writing.
/// </summary>
public sealed class WebSocketInputGuard(Stream inner, Func<ReadOnlyMemory<byte>, ValueTask> sendRaw, long maxMessage) : Stream
{
    /// <summary>Over a .NET socket (the WSGI hijack); the fuzz harness and tests pass their own raw send.</summary>
    public WebSocketInputGuard(Stream inner, Socket socket, long maxMessage)
        : this(inner, async bytes => await socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false), maxMessage)
    {
    }

    private readonly WebSocketFrameScanner _scanner = new(maxMessage);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _closeSent;

    public bool TooBig => _scanner.TooBig;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_scanner.TooBig) throw new WebSocketMessageTooBig();
        return Scan(buffer, inner.Read(buffer));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_scanner.TooBig) throw new WebSocketMessageTooBig();
        int received = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Scan(buffer.Span, received);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Hands on the bytes before an oversized frame's header; fails the read when there are none.</summary>
    private int Scan(ReadOnlySpan<byte> buffer, int received)
    {
        if (received <= 0) return received;
        int passed = _scanner.Feed(buffer[..received]);
        if (passed == 0 && _scanner.TooBig) throw new WebSocketMessageTooBig();
        return passed;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _writeLock.Wait();
        try { inner.Write(buffer); }
        finally { _writeLock.Release(); }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try { await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false); }
        finally { _writeLock.Release(); }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>An unmasked close frame with <paramref name="code"/>, once, straight to the socket.</summary>
    public async Task SendCloseAsync(int code)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closeSent) return;
            _closeSent = true;
            byte[] frame = [0x88, 2, (byte)(code >> 8), (byte)code];
            await sendRaw(frame).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        finally { _writeLock.Release(); }
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // The socket outlives the stream: the caller may still send the 1009 close on it.
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
