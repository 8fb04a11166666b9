using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Bench.Servers.Http;

namespace Bench.Servers.Asgi;

/// <summary>
/// The server side of RFC 6455 framing on a loop connection, parsed in the loop's turn as uvicorn's
/// protocol does in <c>data_received</c>: frames are read out of the connection's input, control frames
/// are answered inline (ping → pong), fragments are reassembled into one message buffer that exists only
/// while a message is arriving, and a frame header declaring more than the message limit is refused
/// with 1009 before its payload. Frames go out whole through the connection's write path, so two
/// writers can never interleave within a frame and no send lock is needed. Keep-alive pings run on a
/// loop timer: a peer that has not answered one within the timeout is dropped (1006 to the app).
/// </summary>
internal sealed class LoopWebSocket
{
    public const int ProtocolError = 1002;
    public const int InvalidPayload = 1007;
    public const int Lost = 1006;

    private const byte Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA;
    private const int MaxControlPayload = 125;

    private readonly AsyncConnection _connection;
    private readonly long _maxMessage;
    private readonly TimeSpan _pingInterval;
    private readonly TimeSpan _pingTimeout;
    private LoopTimer? _pingTimer;
    private bool _pingOutstanding;
    private long _pingSentAt;
    private bool _closeSent;
    private readonly LoopSignal<WebSocketMessage> _arrived = new();
    private ValueTask<int> _read;
    private Action? _onRead;

    public LoopWebSocket(AsyncConnection connection, long maxMessage, TimeSpan pingInterval, TimeSpan pingTimeout)
    {
        _connection = connection;
        _maxMessage = maxMessage;
        _pingInterval = pingInterval;
        _pingTimeout = pingTimeout;
        if (pingInterval > TimeSpan.Zero)
        {
            _pingTimer = new LoopTimer(static s => ((LoopWebSocket)s!).PingDue(), this);
            connection.Loop.Arm(_pingTimer, LoopTimers.After(pingInterval));
        }
    }

    /// <summary>
    /// The next whole message; a close (the peer's, or ours for a protocol error, 1009, 1007, or 1006 when
    /// the connection was lost). Between messages, when nothing of the next one is buffered, the wait is
    /// parked on the connection's read with no state machine of its own: a held socket waiting a second
    /// for each message would otherwise leave a new one per message to be promoted by the GC and die old.
    /// </summary>
    public ValueTask<WebSocketMessage> ReceiveAsync()
    {
        if (!_connection.Input.IsEmpty) return ReceiveBufferedAsync();
        var read = _connection.ReadMoreAsync(Timeout.InfiniteTimeSpan);
        if (read.IsCompleted) return AfterRead(read);
        _read = read;
        _arrived.Reset();
        read.GetAwaiter().UnsafeOnCompleted(_onRead ??= OnRead);
        return _arrived.Task;
    }

    /// <summary>The read that <see cref="ReceiveAsync"/> parked on has completed (on the loop): finish the message and resume its waiter.</summary>
    private void OnRead()
    {
        var next = AfterRead(_read);
        _read = default;
        if (next.IsCompleted) Deliver(next);
        else next.GetAwaiter().UnsafeOnCompleted(() => Deliver(next));   // only a message still partly in flight
    }

    private ValueTask<WebSocketMessage> AfterRead(ValueTask<int> read)
    {
        try { return read.GetAwaiter().GetResult() > 0 ? ReceiveBufferedAsync() : new(Closed(Lost)); }
        catch (Exception error) { return ValueTask.FromException<WebSocketMessage>(error); }
    }

    private void Deliver(ValueTask<WebSocketMessage> done)
    {
        WebSocketMessage message;
        try { message = done.GetAwaiter().GetResult(); }
        catch (Exception error)
        {
            _arrived.SetException(error);
            return;
        }
        _arrived.SetResult(message);
    }

    /// <summary>Reads a message of which some bytes are buffered (or have just arrived); completes at once when all of it is here.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<WebSocketMessage> ReceiveBufferedAsync()
    {
        byte[]? message = null;
        int length = 0;
        byte messageType = 0;
        try
        {
            while (true)
            {
                if (!TryReadHeader(out var header))
                {
                    if (await _connection.ReadMoreAsync(Timeout.InfiniteTimeSpan) <= 0) return Closed(Lost);
                    continue;
                }
                if (header.Error != 0) return Closed(header.Error);
                if (header.Opcode >= Close)
                {
                    byte[] control = new byte[header.Length];
                    if (!await ReadPayloadAsync(control, header.Mask)) return Closed(Lost);
                    if (header.Opcode == Ping) await SendFrameAsync(Pong, control);
                    else if (header.Opcode == Pong) PongReceived();
                    else return PeerClose(control);
                    continue;
                }
                if ((header.Opcode == Continuation) != (messageType != 0)) return Closed(ProtocolError);   // a continuation needs a message, a new message none
                if (length + header.Length > _maxMessage) return Closed(WebSocketMessageReader.MessageTooBig);
                if (messageType == 0) messageType = header.Opcode;
                int needed = length + (int)header.Length;
                if (message is null || needed > message.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 256));
                    if (message is not null)
                    {
                        message.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(message);
                    }
                    message = bigger;
                }
                if (!await ReadPayloadAsync(message.AsMemory(length, (int)header.Length), header.Mask)) return Closed(Lost);
                length = needed;
                if (!header.Fin) continue;
                var data = message.AsSpan(0, length);
                if (messageType == Text && !Utf8.IsValid(data)) return Closed(InvalidPayload);
                return new(messageType == Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, data.ToArray(), 0, "");
            }
        }
        finally
        {
            if (message is not null) ArrayPool<byte>.Shared.Return(message);
            _connection.Input.ReleaseIfEmpty();
        }
    }

    private readonly record struct FrameHeader(bool Fin, byte Opcode, long Length, uint Mask, int Error);

    /// <summary>
    /// The next frame header if it is all in the input, checked: RSV bits clear, a known opcode, masked
    /// (client frames), control frames short and final, the length within the message limit.
    /// </summary>
    private bool TryReadHeader(out FrameHeader header)
    {
        header = default;
        var data = _connection.Input.Data;
        if (data.Length < 2) return false;
        byte first = data[0], second = data[1];
        if ((second & 0x80) == 0) { header = Refuse(ProtocolError); return true; }   // RFC 6455 §5.1: a client must mask
        int lengthBytes = (second & 0x7F) switch { 126 => 2, 127 => 8, _ => 0 };
        int size = 2 + lengthBytes + 4;
        if (data.Length < size) return false;
        ulong length = lengthBytes switch
        {
            2 => BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            8 => BinaryPrimitives.ReadUInt64BigEndian(data[2..]),
            _ => (ulong)(second & 0x7F),
        };
        uint mask = BinaryPrimitives.ReadUInt32LittleEndian(data[(2 + lengthBytes)..]);
        _connection.Input.Consume(size);
        bool fin = (first & 0x80) != 0;
        byte opcode = (byte)(first & 0x0F);
        if ((first & 0x70) != 0 || opcode is > Binary and < Close or > Pong) header = Refuse(ProtocolError);
        else if (opcode >= Close && (!fin || length > MaxControlPayload)) header = Refuse(ProtocolError);
        // Checked against the limit before any payload arrives, a 2^64-1 claim included.
        else if (length > (ulong)_maxMessage) header = Refuse(WebSocketMessageReader.MessageTooBig);
        else header = new(fin, opcode, (long)length, mask, 0);
        return true;
    }

    private static FrameHeader Refuse(int code) => new(false, 0, 0, 0, code);

    /// <summary>Moves a payload out of the input into <paramref name="destination"/>, unmasking it; false when the connection ended first.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadPayloadAsync(Memory<byte> destination, uint mask)
    {
        int done = 0;
        while (done < destination.Length)
        {
            var input = _connection.Input;
            if (input.IsEmpty && await _connection.ReadMoreAsync(Timeout.InfiniteTimeSpan) <= 0) return false;
            int n = Math.Min(input.Length, destination.Length - done);
            input.Data[..n].CopyTo(destination.Span[done..]);
            input.Consume(n);
            Unmask(destination.Span.Slice(done, n), mask, done);
            done += n;
        }
        return true;
    }

    /// <summary>XOR with the 4-byte key (RFC 6455 §5.3), continuing at <paramref name="offset"/> into the payload.</summary>
    private static void Unmask(Span<byte> bytes, uint mask, int offset)
    {
        if (mask == 0) return;
        Span<byte> key = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(key, mask);
        for (int i = 0; i < bytes.Length; i++) bytes[i] ^= key[(offset + i) & 3];
    }

    /// <summary>A close frame from the peer: 1005 when it has no code; a malformed one is a protocol error.</summary>
    private WebSocketMessage PeerClose(byte[] payload)
    {
        if (payload.Length == 0) return new(WebSocketMessageType.Close, [], WebSocketMessageReader.NoStatusReceived, "");
        if (payload.Length == 1) return Closed(ProtocolError);
        int code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        bool valid = code is (>= 1000 and <= 1003) or (>= 1007 and <= 1011) or (>= 3000 and <= 4999);
        if (!valid || !Utf8.IsValid(payload.AsSpan(2))) return Closed(ProtocolError);
        return new(WebSocketMessageType.Close, [], code, Encoding.UTF8.GetString(payload.AsSpan(2)));
    }

    private static WebSocketMessage Closed(int code) => new(WebSocketMessageType.Close, [], code, "");

    public ValueTask SendTextAsync(ReadOnlySpan<byte> utf8) => SendFrameAsync(Text, utf8);

    public ValueTask SendBinaryAsync(ReadOnlySpan<byte> bytes) => SendFrameAsync(Binary, bytes);

    /// <summary>Sends our close frame, once (RFC 6455 §5.5.1); 1005 and 1006 are never put on the wire, so they close without a code.</summary>
    public ValueTask CloseAsync(int code, string reason)
    {
        if (_closeSent) return ValueTask.CompletedTask;
        _closeSent = true;
        StopPings();
        if (code is WebSocketMessageReader.NoStatusReceived or Lost) return SendFrameAsync(Close, []);
        var reasonBytes = Encoding.UTF8.GetBytes(reason);
        int reasonLength = Math.Min(reasonBytes.Length, MaxControlPayload - 2);
        Span<byte> payload = stackalloc byte[2 + reasonLength];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        reasonBytes.AsSpan(0, reasonLength).CopyTo(payload[2..]);
        return SendFrameAsync(Close, payload);
    }

    /// <summary>One unmasked, final frame: header and payload assembled in the loop's buffer and written together.</summary>
    private ValueTask SendFrameAsync(byte opcode, ReadOnlySpan<byte> payload)
    {
        var output = _connection.Output;
        var head = output.GetSpan(10);
        head[0] = (byte)(0x80 | opcode);
        int size;
        if (payload.Length < 126) { head[1] = (byte)payload.Length; size = 2; }
        else if (payload.Length <= ushort.MaxValue) { head[1] = 126; BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)payload.Length); size = 4; }
        else { head[1] = 127; BinaryPrimitives.WriteUInt64BigEndian(head[2..], (ulong)payload.Length); size = 10; }
        output.Advance(size);
        output.Write(payload);
        return _connection.FlushAsync();
    }

    private void PingDue()
    {
        if (_closeSent) return;
        if (_pingOutstanding)
        {
            // No pong within the timeout: the peer is gone; the app's receive sees 1006.
            _connection.AbortReads();
            return;
        }
        _pingOutstanding = true;
        _pingSentAt = LoopTimers.Now;
        _ = SendFrameAsync(Ping, []);
        _connection.Loop.Arm(_pingTimer!, LoopTimers.After(_pingTimeout));
    }

    private void PongReceived()
    {
        if (!_pingOutstanding || _pingTimer is null) return;
        _pingOutstanding = false;
        _connection.Loop.Arm(_pingTimer, _pingSentAt + (LoopTimers.After(_pingInterval) - LoopTimers.Now));
    }

    /// <summary>No more pings (closing, or the connection is done).</summary>
    public void StopPings()
    {
        if (_pingTimer is not null) LoopTimers.Disarm(_pingTimer);
    }
}
