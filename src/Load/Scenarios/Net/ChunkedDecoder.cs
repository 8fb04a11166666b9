namespace Bench.Load.Scenarios.Net;

/// <summary>
/// Removes chunked transfer coding (RFC 9112 §7.1) in place: the data bytes of a received span
/// are moved to its front and the framing dropped, so a stream can receive straight into its
/// reader's buffer and needs no buffer of its own (10,000 SSE streams must cost kilobytes
/// each). Pure and incremental: state carries over between spans, a size line may be split.
/// </summary>
public struct ChunkedDecoder
{
    private enum State { Size, Extension, SizeLf, Data, DataCr, DataLf, Trailer, TrailerLf, TrailerLine, TrailerLineLf, Done }

    private const int MaxSizeDigits = 15;

    private State _state;
    private long _size;
    private int _digits;

    /// <summary>The last chunk and its trailers have been read: the body is complete.</summary>
    public readonly bool IsDone => _state == State.Done;

    /// <summary>True if the framing was malformed; the stream must be dropped.</summary>
    public bool Failed { get; private set; }

    /// <summary>Decodes <paramref name="buffer"/> in place; returns how many data bytes now sit at its front.</summary>
    public int Decode(Span<byte> buffer)
    {
        int write = 0, read = 0;
        while (read < buffer.Length && !Failed)
        {
            byte b = buffer[read];
            switch (_state)
            {
                case State.Size:
                    if (HexDigit(b) is var d and >= 0)
                    {
                        if (++_digits > MaxSizeDigits) return Fail(write);
                        _size = _size * 16 + d;
                    }
                    else if (_digits == 0) return Fail(write);
                    else if (b == '\r') _state = State.SizeLf;
                    else if (b is (byte)';' or (byte)' ' or (byte)'\t') _state = State.Extension;
                    else return Fail(write);
                    read++;
                    break;
                case State.Extension:
                    if (b == '\r') _state = State.SizeLf;
                    read++;
                    break;
                case State.SizeLf:
                    if (b != '\n') return Fail(write);
                    read++;
                    _state = _size == 0 ? State.Trailer : State.Data;
                    break;
                case State.Data:
                {
                    int take = (int)Math.Min(_size, buffer.Length - read);
                    // Overlapping move toward the front: Span.CopyTo handles the overlap (memmove).
                    buffer.Slice(read, take).CopyTo(buffer[write..]);
                    read += take;
                    write += take;
                    _size -= take;
                    if (_size == 0) _state = State.DataCr;
                    break;
                }
                case State.DataCr:
                    if (b != '\r') return Fail(write);
                    read++;
                    _state = State.DataLf;
                    break;
                case State.DataLf:
                    if (b != '\n') return Fail(write);
                    read++;
                    _digits = 0;
                    _state = State.Size;
                    break;
                case State.Trailer:
                    // After the last chunk: an empty line ends the body, anything else is a trailer field.
                    read++;
                    _state = b == '\r' ? State.TrailerLf : State.TrailerLine;
                    break;
                case State.TrailerLf:
                    if (b != '\n') return Fail(write);
                    read++;
                    _state = State.Done;
                    break;
                case State.TrailerLine:
                    read++;
                    if (b == '\r') _state = State.TrailerLineLf;
                    break;
                case State.TrailerLineLf:
                    if (b != '\n') return Fail(write);
                    read++;
                    _state = State.Trailer;
                    break;
                case State.Done:
                    // Bytes after the body on a stream we only read once: ignore them.
                    return write;
            }
        }
        return write;
    }

    private int Fail(int write)
    {
        Failed = true;
        return write;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
