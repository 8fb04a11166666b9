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
                        if (rest.Length > _limits.MaxChunkLineBytes) throw RequestRejected.BadRequest("chunk size line too long");
                        if (rest.IndexOf((byte)'\n') >= 0) throw RequestRejected.BadRequest("bare LF in chunk size line");
                        return written;
                    }
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
                    // Trailer fields are read and dropped (RFC 9112 §7.1.2 allows discarding them).
                    int eol = rest.IndexOf("\r\n"u8);
                    if (eol < 0)
                    {
                        if (rest.Length > _limits.MaxHeaderBytes) throw new RequestRejected(431, "trailer section too large");
                        return written;
                    }
                    consumed += eol + 2;
                    if (eol == 0) _state = State.Done;
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
