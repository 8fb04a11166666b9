using Bench.Load.Clients.Tls;

namespace Bench.Load.Clients.Http2;

/// <summary>
/// The TCP stream under SocketsHttpHandler's TLS, passed through untouched; while
/// <see cref="Observer"/> is set (the handshake), the bytes each way are shown to it so a resumed
/// handshake can be told from a full one, as on the event-loop transport.
/// </summary>
internal sealed class HelloObservingStream(Stream inner) : Stream
{
    public TlsHelloSniffer? Observer { get; set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n > 0) Observer?.OnReceived(buffer.Span[..n]);
        return n;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Observer?.OnSent(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = inner.Read(buffer, offset, count);
        if (n > 0) Observer?.OnReceived(buffer.AsSpan(offset, n));
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Observer?.OnSent(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
