using System.Buffers.Text;
using System.Text;

namespace Bench.Load.Clients;

public enum ParseStatus
{
    NeedMore,
    Complete,
    Error,
}

/// <summary>
/// HTTP/1.1 response framing (RFC 9112 §6): status line, the few headers that decide framing
/// (Content-Length, Transfer-Encoding: chunked, Connection), then the body, which is counted
/// and skipped, never stored. Pure: it reads byte spans, so it is tested without sockets.
/// The caller keeps unconsumed bytes (a partial head or chunk-size line) and feeds them again
/// with more data.
/// </summary>
public struct ResponseParser
{
    private enum State { Head, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose, Done }

    private State _state;
    private long _remaining;
    private bool _noBody;

    public int StatusCode { get; private set; }

    /// <summary>Whether the connection may carry the next request (HTTP/1.1 default unless "Connection: close").</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Body bytes seen so far (after de-chunking).</summary>
    public long BodyBytes { get; private set; }

    /// <summary>Why parsing failed, for logs and tests.</summary>
    public string? Error { get; private set; }

    /// <summary>Prepares for the next response; a HEAD request's response never has a body.</summary>
    public void Reset(bool headRequest)
    {
        this = default;
        _noBody = headRequest;
    }

    /// <summary>Consumes what it can of <paramref name="data"/>; <paramref name="consumed"/> bytes may be dropped by the caller.</summary>
    public ParseStatus Parse(ReadOnlySpan<byte> data, out int consumed)
    {
        consumed = 0;
        while (true)
        {
            var rest = data[consumed..];
            switch (_state)
            {
                case State.Done:
                    return ParseStatus.Complete;
                case State.Head:
                {
                    int end = rest.IndexOf("\r\n\r\n"u8);
                    if (end < 0) return ParseStatus.NeedMore;
                    if (!ParseHead(rest[..(end + 2)])) return ParseStatus.Error;
                    consumed += end + 4;
                    break;
                }
                case State.FixedBody:
                {
                    int take = (int)Math.Min(_remaining, rest.Length);
                    consumed += take;
                    BodyBytes += take;
                    _remaining -= take;
                    if (_remaining == 0) _state = State.Done;
                    else return ParseStatus.NeedMore;
                    break;
                }
                case State.UntilClose:
                    consumed += rest.Length;
                    BodyBytes += rest.Length;
                    return ParseStatus.NeedMore;
                case State.ChunkSize:
                {
                    int eol = rest.IndexOf("\r\n"u8);
                    if (eol < 0) return rest.Length > 1024 ? Fail("chunk-size line too long") : ParseStatus.NeedMore;
                    var line = rest[..eol];
                    int ext = line.IndexOf((byte)';');
                    if (ext >= 0) line = line[..ext];
                    line = line.TrimEnd(" \t"u8);
                    if (line.Length == 0 || line.Length > 15 || !Utf8Parser.TryParse(line, out long size, out int used, 'X') || used != line.Length)
                        return Fail("bad chunk size");
                    consumed += eol + 2;
                    _remaining = size;
                    _state = size == 0 ? State.Trailers : State.ChunkData;
                    break;
                }
                case State.ChunkData:
                {
                    int take = (int)Math.Min(_remaining, rest.Length);
                    consumed += take;
                    BodyBytes += take;
                    _remaining -= take;
                    if (_remaining > 0) return ParseStatus.NeedMore;
                    _state = State.ChunkDataEnd;
                    break;
                }
                case State.ChunkDataEnd:
                    if (rest.Length < 2) return ParseStatus.NeedMore;
                    if (rest[0] != '\r' || rest[1] != '\n') return Fail("missing CRLF after chunk data");
                    consumed += 2;
                    _state = State.ChunkSize;
                    break;
                case State.Trailers:
                {
                    int eol = rest.IndexOf("\r\n"u8);
                    if (eol < 0) return rest.Length > 8192 ? Fail("trailer too long") : ParseStatus.NeedMore;
                    consumed += eol + 2;
                    if (eol == 0) _state = State.Done; // the empty line ends the trailer section
                    break;
                }
            }
        }
    }

    /// <summary>The peer closed the connection: complete only if the body was delimited by the close.</summary>
    public ParseStatus Finish()
    {
        if (_state is State.UntilClose or State.Done)
        {
            _state = State.Done;
            return ParseStatus.Complete;
        }
        return Fail(_state == State.Head ? "connection closed before a response" : "connection closed mid-body");
    }

    /// <summary>True once any part of a response head has been parsed, to tell "closed mid-response" from "closed idle".</summary>
    public bool HeadSeen => _state != State.Head;

    private ParseStatus Fail(string why)
    {
        Error = why;
        return ParseStatus.Error;
    }

    private bool FailHead(string why)
    {
        Error = why;
        return false;
    }

    private bool ParseHead(ReadOnlySpan<byte> head)
    {
        int eol = head.IndexOf("\r\n"u8);
        var statusLine = head[..eol];
        // "HTTP/1.1 200 OK": version, space, three digits.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != ' ')
            return FailHead("bad status line");
        bool http11 = statusLine[7] == '1';
        int code = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
        if (code < 100 || code > 599 || (statusLine.Length > 12 && statusLine[12] != ' '))
            return FailHead("bad status code");

        long contentLength = -1;
        bool chunked = false;
        bool? keepAlive = null;
        var lines = head[(eol + 2)..];
        while (lines.Length > 0)
        {
            int end = lines.IndexOf("\r\n"u8);
            var line = lines[..end];
            lines = lines[(end + 2)..];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0) return FailHead("bad header line");
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long n, out int used) || used != value.Length || n < 0)
                    return FailHead("bad Content-Length");
                if (contentLength >= 0 && contentLength != n) return FailHead("conflicting Content-Length");
                contentLength = n;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = EndsWithTokenIgnoreCase(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                if (ContainsTokenIgnoreCase(value, "close"u8)) keepAlive = false;
                else if (ContainsTokenIgnoreCase(value, "keep-alive"u8)) keepAlive = true;
            }
        }

        if (code < 200)
        {
            // Interim response (100 Continue, 103 Early Hints): the real one follows on the same stream.
            _state = State.Head;
            return true;
        }

        StatusCode = code;
        KeepAlive = keepAlive ?? http11;
        if (_noBody || code == 204 || code == 304) _state = State.Done;
        else if (chunked) _state = State.ChunkSize; // RFC 9112 §6.3: chunked wins over Content-Length
        else if (contentLength >= 0)
        {
            _remaining = contentLength;
            _state = contentLength == 0 ? State.Done : State.FixedBody;
        }
        else
        {
            _state = State.UntilClose;
            KeepAlive = false;
        }
        return true;
    }

    private static bool EndsWithTokenIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        int comma = value.LastIndexOf((byte)',');
        var last = (comma >= 0 ? value[(comma + 1)..] : value).Trim(" \t"u8);
        return Ascii.EqualsIgnoreCase(last, token);
    }

    private static bool ContainsTokenIgnoreCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        while (value.Length > 0)
        {
            int comma = value.IndexOf((byte)',');
            var item = (comma >= 0 ? value[..comma] : value).Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(item, token)) return true;
            if (comma < 0) break;
            value = value[(comma + 1)..];
        }
        return false;
    }
}
