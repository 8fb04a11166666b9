namespace Bench.Servers.Http;

/// <summary>
/// Follows the client's byte stream frame by frame (RFC 6455 §5.2) without copying payloads, so the
/// length a frame header declares is known as soon as the header is in: a message whose declared
/// length would pass the limit is refused before any of its payload is read (close 1009).
/// Control frames do not count towards a message; one over 125 bytes is left for the WebSocket
/// implementation to refuse as a protocol error (1002), and the scanner stops following the stream.
/// Pure: no I/O, so it can be fed bytes split at any point.
/// </summary>
public sealed class WebSocketFrameScanner(long maxMessage)
{
    private readonly byte[] _header = new byte[14];
    private int _headerHave;
    private ulong _payloadLeft;
    private ulong _message;     // declared bytes of the data message in progress
    private bool _lost;

    /// <summary>Set once a header declared a message over the limit; nothing after it is scanned.</summary>
    public bool TooBig { get; private set; }

    /// <summary>Frames whose headers were read completely so far.</summary>
    public long Frames { get; private set; }

    /// <summary>
    /// Scans bytes as they arrive; returns how many of them come before the header of a frame that
    /// makes its message too big (all of them when there is none).
    /// </summary>
    public int Feed(ReadOnlySpan<byte> data)
    {
        int at = 0;
        while (at < data.Length && !TooBig && !_lost)
        {
            if (_payloadLeft > 0)
            {
                int skip = (int)Math.Min(_payloadLeft, (ulong)(data.Length - at));
                at += skip;
                _payloadLeft -= (ulong)skip;
                continue;
            }
            int headerStart = at - _headerHave;
            _header[_headerHave++] = data[at++];
            if (_headerHave < 2 || _headerHave < HeaderLength()) continue;
            if (!Complete()) return Math.Max(0, headerStart);
        }
        return data.Length;
    }

    /// <summary>Size of the header being read, known from its first two bytes.</summary>
    private int HeaderLength()
    {
        int length7 = _header[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + extended + ((_header[1] & 0x80) != 0 ? 4 : 0);
    }

    /// <summary>A whole header is in: account for it; false when it makes its message too big.</summary>
    private bool Complete()
    {
        _headerHave = 0;
        Frames++;
        bool fin = (_header[0] & 0x80) != 0;
        int opcode = _header[0] & 0x0F;
        ulong length = (ulong)(_header[1] & 0x7F);
        if (length == 126) length = (ulong)(_header[2] << 8 | _header[3]);
        else if (length == 127) length = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2, 8));

        if ((opcode & 0x8) != 0)
        {
            if (length > 125) _lost = true;
            _payloadLeft = length;
            return true;
        }
        if (length > (ulong)maxMessage - _message)
        {
            TooBig = true;
            return false;
        }
        _message = fin ? 0 : _message + length;
        _payloadLeft = length;
        return true;
    }
}
