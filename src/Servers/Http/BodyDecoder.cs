namespace Bench.Servers.Http;

/// <summary>
/// Turns the framed request body (Content-Length or chunked, RFC 9112 §6–§7) into plain bytes,
/// incrementally: it consumes what it can from the input and says when the body is complete.
/// Pure: no I/O, so both twins drive it from their own read loops.
/// </summary>
public sealed class BodyDecoder
{
    private enum State { SizeLine, Data, DataCrlf, Trailers, Done }

    private readonly BodyFraming _framing;
    private readonly HttpLimits _limits;
    private long _remaining;   // Content-Length: bytes left; chunked: bytes left in this chunk
    private long _total;
    private State _state;
    private int _trailerBytes;   // the trailer section so far, counted as the head parser counts a header block
    private int _trailerFields;

    public BodyDecoder(RequestHead head, HttpLimits limits)
    {
        _framing = head.Framing;
        _limits = limits;
        _remaining = head.Framing == BodyFraming.ContentLength ? head.ContentLength : 0;
        _state = head.Framing switch
        {
            BodyFraming.None => State.Done,
            BodyFraming.ContentLength => State.Data,
            _ => State.SizeLine,
        };
    }

    public bool IsComplete => _state == State.Done;

    /// <summary>Bytes of body decoded so far.</summary>
    public long Total => _total;

    /// <summary>
    /// Decodes from <paramref name="input"/> into <paramref name="output"/>. Returns the number of body
    /// bytes written; <paramref name="consumed"/> says how much input was used. Needs more input when
    /// it returns 0 with the body incomplete and nothing consumed.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output, out int consumed)
    {
        consumed = 0;
        int written = 0;
        while (_state != State.Done)
        {
            var rest = input[consumed..];
            switch (_state)
            {
                case State.Data:
                {
                    int n = (int)Math.Min(Math.Min(_remaining, rest.Length), output.Length - written);
                    if (n == 0) return written;
                    rest[..n].CopyTo(output[written..]);
                    written += n;
                    consumed += n;
                    _remaining -= n;
                    _total += n;
                    if (_remaining == 0) _state = _framing == BodyFraming.Chunked ? State.DataCrlf : State.Done;
                    break;
                }
                case State.SizeLine:
                {
                    int eol = rest.IndexOf("\r\n"u8);
                    if (eol < 0)
                    {
                        // + 1: the CR of a line exactly at the limit may arrive before its LF.
                        if (rest.Length > _limits.MaxChunkLineBytes + 1) throw RequestRejected.BadRequest("chunk size line too long");
                        if (rest.IndexOf((byte)'\n') >= 0) throw RequestRejected.BadRequest("bare LF in chunk size line");
                        return written;
                    }
                    if (eol > _limits.MaxChunkLineBytes) throw RequestRejected.BadRequest("chunk size line too long");
                    long size = ParseChunkSize(rest[..eol]);
                    consumed += eol + 2;
                    if (_total + size > _limits.MaxBodyBytes) throw new RequestRejected(413, "request body too large");
                    _remaining = size;
                    _state = size == 0 ? State.Trailers : State.Data;
                    break;
                }
                case State.DataCrlf:
                {
                    if (rest.Length < 2) return written;
                    if (rest[0] != '\r' || rest[1] != '\n') throw RequestRejected.BadRequest("chunk data not followed by CRLF");
                    consumed += 2;
                    _state = State.SizeLine;
                    break;
                }
                case State.Trailers:
                {
                    // Trailer fields are checked like header fields and against the same limits (size and
                    // count, 431), then dropped (RFC 9112 §7.1.2 allows discarding them).
                    int eol = rest.IndexOf("\r\n"u8);
                    if (eol < 0)
                    {
                        // The shortest field these bytes can still become: a CR at the end may be half of its CRLF.
                        int shortest = rest.Length - (rest.Length > 0 && rest[^1] == '\r' ? 1 : 0);
                        if (shortest > 0 && _trailerBytes + (_trailerFields == 0 ? 0 : 2) + shortest > _limits.MaxHeaderBytes)
                            throw new RequestRejected(431, "trailer section too large");
                        if (rest.IndexOf((byte)'\n') >= 0) throw RequestRejected.BadRequest("bare LF in trailer section");
                        return written;
                    }
                    consumed += eol + 2;
                    if (eol == 0) { _state = State.Done; break; }
                    // Counted without the CRLF that ends the last field, as the head's block is.
                    _trailerBytes += (_trailerFields == 0 ? 0 : 2) + eol;
                    if (_trailerBytes > _limits.MaxHeaderBytes) throw new RequestRejected(431, "trailer section too large");
                    if (++_trailerFields > _limits.MaxHeaderCount) throw new RequestRejected(431, "too many trailer fields");
                    FieldLine.Parse(rest[..eol], out _, out _);
                    break;
                }
            }
        }
        return written;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        int semicolon = line.IndexOf((byte)';');
        var digits = (semicolon < 0 ? line : line[..semicolon]).TrimEnd(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15) throw RequestRejected.BadRequest("invalid chunk size");
        long size = 0;
        foreach (var b in digits)
        {
            int v = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => throw RequestRejected.BadRequest("invalid chunk size"),
            };
            size = size * 16 + v;
        }
        return size;
    }
}
