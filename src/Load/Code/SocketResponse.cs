using System.Buffers;
using System.Net.Sockets;
using Bench.Load.Clients;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Code;

/// <summary>
/// A response read from a code scenario's socket: the head parsed by the one
/// <see cref="ResponseParser"/>, then the body as a Stream (de-chunked by the same parser), or
/// the raw bytes after a 101 for WebSocket framing. Bytes that came with the head are served first.
/// </summary>
internal sealed class SocketResponse : Stream
{
    private const int HeadBuffer = 1024;

    private readonly Socket _socket;
    private readonly bool _raw;
    private ResponseParser _parser;
    private byte[]? _prefix;
    private int _prefixOffset;
    private int _prefixCount;

    private SocketResponse(Socket socket, ResponseParser parser, byte[] buffer, int offset, int count, long headBytes)
    {
        _socket = socket;
        _parser = parser;
        _raw = parser.StatusCode == 101;
        _prefix = buffer;
        _prefixOffset = offset;
        _prefixCount = count;
        BytesRead = headBytes;
        if (count == 0) ReleasePrefix();
    }

    public int Status => _parser.StatusCode;

    public bool UpgradeWebSocket => _parser.UpgradeWebSocket;

    public string? WebSocketAccept => _parser.WebSocketAccept;

    /// <summary>Bytes taken from the socket, head and framing included.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads up to the end of the head; throws on a close before it or a malformed one.</summary>
    public static async ValueTask<SocketResponse> ReadAsync(Socket socket)
    {
        var parser = new ResponseParser();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(HeadBuffer);
        int filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= ResponseParser.MaxHead) throw new InvalidDataException("response head too large");
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, ResponseParser.MaxHead));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                if (n == 0) throw new StreamEndedException("the server closed the connection before a response");
                filled += n;
                var state = parser.ParseHead(buffer.AsSpan(0, filled), out int consumed);
                if (state == ParseStatus.Error) throw new InvalidDataException(parser.Error);
                if (state == ParseStatus.NeedMore) continue;
                var response = new SocketResponse(socket, parser, buffer, consumed, filled - consumed, filled);
                buffer = null!;
                return response;
            }
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (!_raw && _parser.IsComplete) return 0;
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
                    // A close before the body's end is a truncation, not an end.
                    if (_raw || _parser.Finish() == ParseStatus.Complete) return 0;
                    throw new StreamEndedException("the server closed the connection mid-body");
                }
            }
            if (_raw) return n;
            var state = _parser.DecodeBody(buffer.Span[..n], out _, out int data);
            if (state == ParseStatus.Error) throw new InvalidDataException(_parser.Error);
            if (data > 0) return data;
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty) buffer = buffer[await _socket.SendAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)..];
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void ReleasePrefix()
    {
        if (_prefix is { } p) ArrayPool<byte>.Shared.Return(p);
        _prefix = null;
    }
}
