using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Bench.Load.Scenarios.Net;

/// <summary>
/// A Stream over a connected socket for SseParser and WebSocket.CreateFromStream, leaner than
/// NetworkStream + HttpClient's connection: bytes that arrived with the response head are
/// served first (from the head's pooled buffer, returned once drained), and a chunked body is
/// de-chunked in the caller's own buffer, so an idle stream holds no buffer of its own.
/// </summary>
public sealed class SocketStream : Stream
{
    private readonly Socket _socket;
    private readonly BodyFraming _framing;
    private byte[]? _prefix;
    private int _prefixOffset;
    private int _prefixCount;
    private long _remaining;
    private ChunkedDecoder _chunked;

    /// <param name="framing">How the body ends; <see cref="BodyFraming.UntilClose"/> for a raw byte stream (WebSocket).</param>
    public SocketStream(Socket socket, BodyFraming framing, long contentLength = 0, byte[]? prefix = null, int prefixOffset = 0, int prefixCount = 0)
    {
        _socket = socket;
        _framing = framing;
        _remaining = contentLength;
        _prefix = prefix;
        _prefixOffset = prefixOffset;
        _prefixCount = prefixCount;
        if (prefix is not null && prefixCount == 0) ReleasePrefix();
    }

    public static SocketStream ForBody(Socket socket, in HeadResult head) =>
        new(socket, head.Head.Framing, head.Head.ContentLength, head.Buffer, head.LeftoverOffset, head.LeftoverCount);

    /// <summary>Raw bytes taken from the socket (framing included).</summary>
    public long BytesRead { get; private set; }

    public long BytesWritten { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_framing == BodyFraming.None || (_framing == BodyFraming.Length && _remaining == 0) || (_framing == BodyFraming.Chunked && _chunked.IsDone))
                return 0;
            int n;
            if (_prefixCount > 0)
            {
                n = Math.Min(_prefixCount, buffer.Length);
                _prefix.AsSpan(_prefixOffset, n).CopyTo(buffer.Span);
                _prefixOffset += n;
                _prefixCount -= n;
                if (_prefixCount == 0) ReleasePrefix();
            }
            else
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                BytesRead += n;
                if (n == 0)
                {
                    // A close before the body's end is a truncation, not an end: the reader must see it.
                    if (_framing == BodyFraming.UntilClose) return 0;
                    throw new IOException("the server closed the connection mid-body");
                }
            }
            switch (_framing)
            {
                case BodyFraming.Chunked:
                    int data = _chunked.Decode(buffer.Span[..n]);
                    if (_chunked.Failed) throw new InvalidDataException("malformed chunked framing");
                    if (data > 0) return data;
                    break; // only framing arrived: read again
                case BodyFraming.Length:
                    n = (int)Math.Min(n, _remaining);
                    _remaining -= n;
                    return n;
                default:
                    return n;
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            int n = await _socket.SendAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            BytesWritten += n;
            buffer = buffer[n..];
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Sync I/O would block a pool thread per connection; nothing in Bench calls it.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void ReleasePrefix()
    {
        if (_prefix is { } p) ArrayPool<byte>.Shared.Return(p);
        _prefix = null;
    }

    protected override void Dispose(bool disposing)
    {
        // Dispose may come from the watchdog while a read runs on another thread: the prefix is
        // left to the GC rather than returned to the pool under a concurrent reader.
        if (disposing) _socket.Dispose();
        base.Dispose(disposing);
    }
}
