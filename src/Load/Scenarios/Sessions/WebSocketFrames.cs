using System.Buffers;
using System.Buffers.Binary;

namespace Bench.Load.Scenarios.Sessions;

/// <summary>What a <see cref="WebSocketFrameReader"/> found in the bytes it was fed.</summary>
internal interface IWebSocketSink
{
    /// <summary>A whole data message (its fragments joined); <paramref name="text"/> for opcode 1.</summary>
    void OnMessage(ReadOnlySpan<byte> payload, bool text);

    /// <summary>The server's ping: the session answers with a pong carrying the same payload.</summary>
    void OnPing(ReadOnlySpan<byte> payload);

    /// <summary>The server's close frame: its status code (1005 when it carried none).</summary>
    void OnClose(int code);
}

/// <summary>
/// RFC 6455 §5 framing, client side: frames out are masked (§5.3), frames in must not be.
/// Written for the event loop: frames are built into the session's one small send buffer, and
/// read from bytes the session borrows only while it has them (see <see cref="WebSocketFrameReader"/>).
/// ManagedWebSocket over a stream would keep a pending receive, its state machines and a send
/// lock per connection for as long as it is open: at 10,000 idle clients most of the generator's memory.
/// </summary>
internal static class WebSocketFrames
{
    public const byte Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10;

    /// <summary>The longest client frame header: 2 bytes, 8 of length, 4 of mask.</summary>
    public const int MaxHeader = 14;

    /// <summary>Writes one final, masked frame of <paramref name="payload"/> into <paramref name="destination"/>; returns its length.</summary>
    public static int Write(Span<byte> destination, byte opcode, ReadOnlySpan<byte> payload, uint mask)
    {
        destination[0] = (byte)(0x80 | opcode);
        int at;
        if (payload.Length <= 125)
        {
            destination[1] = (byte)(0x80 | payload.Length);
            at = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            at = 4;
        }
        else
        {
            destination[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            at = 10;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(destination[at..], mask);
        at += 4;
        var body = destination.Slice(at, payload.Length);
        payload.CopyTo(body);
        ApplyMask(body, mask);
        return at + payload.Length;
    }

    /// <summary>XORs the 4-byte masking key over the payload (§5.3), byte i with key byte i mod 4.</summary>
    public static void ApplyMask(Span<byte> payload, uint mask)
    {
        int i = 0;
        ulong wide = mask | ((ulong)mask << 32);
        for (; i + 8 <= payload.Length; i += 8)
            BinaryPrimitives.WriteUInt64LittleEndian(payload[i..], BinaryPrimitives.ReadUInt64LittleEndian(payload[i..]) ^ wide);
        for (; i < payload.Length; i++) payload[i] ^= (byte)(mask >> (8 * (i & 3)));
    }
}

/// <summary>
/// Server frames parsed where they lie in bytes the session borrowed for one read; a frame split
/// across reads is kept in a pooled buffer until it completes, and a fragmented message is joined
/// in another. Anything §5 forbids a server to send (a masked frame, reserved bits without an
/// extension, a long or fragmented control frame, a stray continuation) is an
/// <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class WebSocketFrameReader(int maxMessage)
{
    private byte[]? _carry;
    private int _carryCount;
    private byte[]? _message;
    private int _messageLength;
    private bool _messageText;

    public int Carried => _carryCount;

    public int Restore(Span<byte> buffer)
    {
        int n = _carryCount;
        if (n > 0) _carry.AsSpan(0, n).CopyTo(buffer);
        Release(ref _carry);
        _carryCount = 0;
        return n;
    }

    /// <summary>Dispatches every complete frame and keeps the unfinished tail; stops after a close frame.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, IWebSocketSink sink)
    {
        int pos = 0;
        while (true)
        {
            var rest = bytes[pos..];
            if (rest.Length < 2) break;
            byte b0 = rest[0], b1 = rest[1];
            if ((b0 & 0x70) != 0) throw new InvalidDataException("reserved bits set without an extension");
            if ((b1 & 0x80) != 0) throw new InvalidDataException("a masked frame from the server");
            bool fin = (b0 & 0x80) != 0;
            byte opcode = (byte)(b0 & 0x0F);
            int header = 2;
            long length = b1 & 0x7F;
            if (length == 126)
            {
                if (rest.Length < 4) break;
                length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
                header = 4;
            }
            else if (length == 127)
            {
                if (rest.Length < 10) break;
                ulong wide = BinaryPrimitives.ReadUInt64BigEndian(rest[2..]);
                // §5.2: the most significant bit must be 0. Read as a long it would be negative and pass the limit below.
                if (wide > long.MaxValue) throw new InvalidDataException("a 64-bit frame length with its most significant bit set");
                length = (long)wide;
                header = 10;
            }
            if (length > maxMessage) throw new InvalidDataException($"a frame of {length:N0} bytes (limit {maxMessage:N0})");
            if (rest.Length < header + length) break;
            var payload = rest.Slice(header, (int)length);
            pos += header + (int)length;
            if (opcode >= WebSocketFrames.Close)
            {
                if (!fin || length > 125) throw new InvalidDataException("a fragmented or long control frame");
                if (opcode == WebSocketFrames.Close)
                {
                    sink.OnClose(payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005);
                    Release(ref _message);
                    return; // nothing after a close frame counts (§5.5.1)
                }
                if (opcode == WebSocketFrames.Ping) sink.OnPing(payload);
                else if (opcode != WebSocketFrames.Pong) throw new InvalidDataException($"unknown control opcode {opcode}");
                continue;
            }
            Data(opcode, fin, payload, sink);
        }
        var tail = bytes[pos..];
        if (tail.Length > 0)
        {
            _carry = ArrayPool<byte>.Shared.Rent(tail.Length);
            tail.CopyTo(_carry);
            _carryCount = tail.Length;
        }
    }

    private void Data(byte opcode, bool fin, ReadOnlySpan<byte> payload, IWebSocketSink sink)
    {
        if (opcode is WebSocketFrames.Text or WebSocketFrames.Binary)
        {
            if (_message is not null) throw new InvalidDataException("a new message inside a fragmented one");
            if (fin)
            {
                sink.OnMessage(payload, opcode == WebSocketFrames.Text);
                return;
            }
            _messageText = opcode == WebSocketFrames.Text;
            _messageLength = 0;
            _message = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 256));
        }
        else if (opcode != WebSocketFrames.Continuation || _message is null)
        {
            throw new InvalidDataException(opcode == WebSocketFrames.Continuation ? "a continuation without a message" : $"unknown data opcode {opcode}");
        }
        if (_messageLength + payload.Length > maxMessage) throw new InvalidDataException($"a message over {maxMessage:N0} bytes");
        if (_messageLength + payload.Length > _message.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_messageLength + payload.Length, _message.Length * 2));
            _message.AsSpan(0, _messageLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_message);
            _message = bigger;
        }
        payload.CopyTo(_message.AsSpan(_messageLength));
        _messageLength += payload.Length;
        if (!fin) return;
        sink.OnMessage(_message.AsSpan(0, _messageLength), _messageText);
        Release(ref _message);
    }

    public void Reset()
    {
        Release(ref _carry);
        _carryCount = 0;
        Release(ref _message);
    }

    private static void Release(ref byte[]? buffer)
    {
        if (buffer is { } b) ArrayPool<byte>.Shared.Return(b);
        buffer = null;
    }
}
