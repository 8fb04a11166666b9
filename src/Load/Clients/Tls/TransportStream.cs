using Bench.Load.Clients.Transport;

namespace Bench.Load.Clients.Tls;

/// <summary>
/// A <see cref="Stream"/> over a connected <see cref="ITransport"/>, for <see cref="System.Net.Security.SslStream"/>
/// to run TLS on the event loop's sockets. A zero-byte read waits until bytes can be read and takes
/// none (SslStream issues one when its caller does, so an idle TLS connection holds no read buffer).
/// While a handshake runs, the bytes each way are shown to <see cref="Observer"/>.
/// </summary>
internal sealed class TransportStream(ITransport transport) : Stream
{
    public TlsHelloSniffer? Observer { get; set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            await transport.WaitReadableAsync().ConfigureAwait(false);
            return 0;
        }
        int n = await transport.ReceiveAsync(buffer).ConfigureAwait(false);
        if (n > 0) Observer?.OnReceived(buffer.Span[..n]);
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Observer?.OnSent(buffer.Span);
        while (!buffer.IsEmpty)
        {
            int n = await transport.SendAsync(buffer).ConfigureAwait(false);
            buffer = buffer[n..];
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    // SslStream is used asynchronously only; a synchronous call would block an event loop.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("TransportStream is asynchronous only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("TransportStream is asynchronous only");

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
