namespace Bench.Load.Clients;

/// <summary>
/// Removes chunked transfer coding (RFC 9112 §7.1) in place: the data bytes of a received span
/// are moved to its front and the framing dropped, so a stream can receive straight into its
/// reader's buffer and needs no buffer of its own (10,000 SSE streams must cost kilobytes
/// each). Pure and incremental: state carries over between spans, a size line may be split.
/// The one chunked decoder of the client: <see cref="ResponseParser"/> uses it for every body.
/// </summary>
public struct ChunkedDecoder
{
    /// <summary>A chunk-size line (size, extensions, CRLF) longer than this is refused.</summary>
    public const int MaxSizeLine = 1024;

    /// <summary>The trailer section after the last chunk (its fields and the final CRLF) longer than this is refused.</summary>
    public const int MaxTrailers = 8192;

    /// <summary>Hex digits of a chunk size: 15 fit a long without overflow.</summary>
    public const int MaxSizeDigits = 15;

    private enum State { Size, Extension, SizeLf, Data, DataCr, DataLf, Trailer, TrailerLf, TrailerLine, TrailerLineLf, Done }

    private State _state;
    private long _size;
    private int _digits;
    private int _lineBytes;

    /// <summary>The last chunk and its trailers have been read: the body is complete.</summary>
    public readonly bool IsDone => _state == State.Done;

    /// <summary>True if the framing was malformed or over a limit; the stream must be dropped.</summary>
    public bool Failed { get; private set; }

    /// <summary>Why decoding failed, for logs and tests.</summary>
    public string? Error { get; private set; }

    /// <summary>Decodes <paramref name="buffer"/> in place; returns how many data bytes now sit at its front.</summary>
    public int Decode(Span<byte> buffer) => Decode(buffer, out _, keep: true);

    /// <summary>
    /// Decodes until the span or the body ends; <paramref name="read"/> is how many bytes of the
    /// span belong to the body. With <paramref name="keep"/> false the data is only counted, not
    /// moved (a body nobody reads).
    /// </summary>
    public int Decode(Span<byte> buffer, out int read, bool keep)
    {
        int write = 0;
        read = 0;
        while (read < buffer.Length && !Failed)
        {
            byte b = buffer[read];
            switch (_state)
            {
                case State.Size:
                    if (HexDigit(b) is var d and >= 0)
                    {
                        if (++_digits > MaxSizeDigits) return Fail(write, "chunk size has too many digits");
                        _size = _size * 16 + d;
                    }
                    else if (_digits == 0) return Fail(write, "bad chunk size");
                    else if (b == '\r') _state = State.SizeLf;
                    else if (b is (byte)';' or (byte)' ' or (byte)'\t') _state = State.Extension;
                    else return Fail(write, "bad chunk size");
                    if (++_lineBytes > MaxSizeLine) return Fail(write, "chunk-size line too long");
                    read++;
                    break;
                case State.Extension:
                    if (b == '\r') _state = State.SizeLf;
                    if (++_lineBytes > MaxSizeLine) return Fail(write, "chunk-size line too long");
                    read++;
                    break;
                case State.SizeLf:
                    if (b != '\n') return Fail(write, "bad chunk-size line ending");
                    if (++_lineBytes > MaxSizeLine) return Fail(write, "chunk-size line too long");
                    read++;
                    _lineBytes = 0;
                    _state = _size == 0 ? State.Trailer : State.Data;
                    break;
                case State.Data:
                {
                    int take = (int)Math.Min(_size, buffer.Length - read);
                    // Overlapping move toward the front: Span.CopyTo handles the overlap (memmove).
                    if (keep && write != read) buffer.Slice(read, take).CopyTo(buffer[write..]);
                    read += take;
                    write += take;
                    _size -= take;
                    if (_size == 0) _state = State.DataCr;
                    break;
                }
                case State.DataCr:
                    if (b != '\r') return Fail(write, "missing CRLF after chunk data");
                    read++;
                    _state = State.DataLf;
                    break;
                case State.DataLf:
                    if (b != '\n') return Fail(write, "missing CRLF after chunk data");
                    read++;
                    _digits = 0;
                    _state = State.Size;
                    break;
                case State.Trailer:
                    // After the last chunk: an empty line ends the body, anything else is a trailer field.
                    if (++_lineBytes > MaxTrailers) return Fail(write, "trailer section too long");
                    read++;
                    _state = b == '\r' ? State.TrailerLf : State.TrailerLine;
                    break;
                case State.TrailerLf:
                    if (b != '\n') return Fail(write, "bad trailer line ending");
                    if (++_lineBytes > MaxTrailers) return Fail(write, "trailer section too long");
                    read++;
                    _state = State.Done;
                    break;
                case State.TrailerLine:
                    if (++_lineBytes > MaxTrailers) return Fail(write, "trailer section too long");
                    read++;
                    if (b == '\r') _state = State.TrailerLineLf;
                    break;
                case State.TrailerLineLf:
                    if (b != '\n') return Fail(write, "bad trailer line ending");
                    if (++_lineBytes > MaxTrailers) return Fail(write, "trailer section too long");
                    read++;
                    _state = State.Trailer;
                    break;
                case State.Done:
                    return write;
            }
        }
        return write;
    }

    private int Fail(int write, string why)
    {
        Failed = true;
        Error = why;
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
