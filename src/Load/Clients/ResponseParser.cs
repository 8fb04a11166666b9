using System.Buffers.Text;
using System.Text;

namespace Bench.Load.Clients;

public enum ParseStatus
{
    NeedMore,
    Complete,
    Error,
}

/// <summary>How a response body ends (RFC 9112 §6.3).</summary>
public enum BodyFraming
{
    None,
    Chunked,
    Length,
    UntilClose,
}

/// <summary>
/// HTTP/1.1 response framing (RFC 9112 §6), the one response parser of every client (HTTP,
/// SSE, WebSocket upgrade, hold): status line, the headers that decide framing
/// (Content-Length, Transfer-Encoding: chunked, Connection) and an upgrade (Upgrade,
/// Sec-WebSocket-Accept), then the body through the one <see cref="ChunkedDecoder"/>. A body
/// is either skipped and counted (<see cref="Parse"/>) or handed to a reader de-chunked in
/// place (<see cref="DecodeBody"/>). Pure: it reads byte spans, so it is tested without
/// sockets. The caller keeps unconsumed bytes (a partial head) and feeds them again with more.
/// </summary>
public struct ResponseParser
{
    /// <summary>A response head (status line to the blank line, inclusive) longer than this is refused.</summary>
    public const int MaxHead = 64 * 1024;

    private enum State { Head, FixedBody, Chunked, UntilClose, Done }

    private State _state;
    private long _remaining;
    private bool _noBody;
    private ChunkedDecoder _chunked;

    public int StatusCode { get; private set; }

    /// <summary>Whether the connection may carry the next request (HTTP/1.1 default unless "Connection: close").</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Body bytes seen so far (after de-chunking).</summary>
    public long BodyBytes { get; private set; }

    /// <summary>How the body of the parsed head ends.</summary>
    public BodyFraming Framing { get; private set; }

    /// <summary>Content-Length when <see cref="Framing"/> is <see cref="BodyFraming.Length"/>.</summary>
    public long ContentLength { get; private set; }

    /// <summary>"Upgrade: websocket" was present.</summary>
    public bool UpgradeWebSocket { get; private set; }

    /// <summary>Sec-WebSocket-Accept's value, when present (only upgrade answers carry it).</summary>
    public string? WebSocketAccept { get; private set; }

    /// <summary>Why parsing failed, for logs and tests.</summary>
    public string? Error { get; private set; }

    /// <summary>Prepares for the next response; a HEAD request's response never has a body.</summary>
    public void Reset(bool headRequest)
    {
        this = default;
        _noBody = headRequest;
    }

    /// <summary>True once a final (non-1xx) head has been parsed, to tell "closed mid-response" from "closed idle".</summary>
    public readonly bool HeadSeen => _state != State.Head;

    /// <summary>The whole response (head and body) has been read.</summary>
    public readonly bool IsComplete => _state == State.Done;

    /// <summary>Parses the head and skips the body, counting it; <paramref name="consumed"/> bytes may be dropped by the caller.</summary>
    public ParseStatus Parse(Span<byte> data, out int consumed)
    {
        var head = ParseHead(data, out consumed);
        if (head != ParseStatus.Complete) return head;
        var body = DecodeBody(data[consumed..], out int used, out _, keep: false);
        consumed += used;
        return body;
    }

    /// <summary>
    /// Parses up to the end of the final head (1xx interim heads are skipped, except 101, which
    /// ends HTTP on the connection); Complete once it is parsed, the body left unread.
    /// </summary>
    public ParseStatus ParseHead(ReadOnlySpan<byte> data, out int consumed)
    {
        consumed = 0;
        while (_state == State.Head)
        {
            var rest = data[consumed..];
            int end = rest.IndexOf("\r\n\r\n"u8);
            if (end < 0) return rest.Length >= MaxHead ? Fail("response head too large") : ParseStatus.NeedMore;
            if (end + 4 > MaxHead) return Fail("response head too large");
            if (!ParseOneHead(rest[..(end + 2)])) return ParseStatus.Error;
            consumed += end + 4;
        }
        return ParseStatus.Complete;
    }

    /// <summary>
    /// Reads body bytes from <paramref name="data"/> (after the head): <paramref name="consumed"/>
    /// of them belong to this response and <paramref name="dataLength"/> data bytes now sit at
    /// the span's front (chunk framing removed in place unless <paramref name="keep"/> is false).
    /// Complete when the body has ended.
    /// </summary>
    public ParseStatus DecodeBody(Span<byte> data, out int consumed, out int dataLength, bool keep = true)
    {
        consumed = dataLength = 0;
        switch (_state)
        {
            case State.Head:
                return Fail("body before head");
            case State.FixedBody:
            {
                int take = (int)Math.Min(_remaining, data.Length);
                consumed = dataLength = take;
                BodyBytes += take;
                _remaining -= take;
                if (_remaining > 0) return ParseStatus.NeedMore;
                _state = State.Done;
                return ParseStatus.Complete;
            }
            case State.Chunked:
            {
                dataLength = _chunked.Decode(data, out consumed, keep);
                BodyBytes += dataLength;
                if (_chunked.Failed) return Fail(_chunked.Error!);
                if (!_chunked.IsDone) return ParseStatus.NeedMore;
                _state = State.Done;
                return ParseStatus.Complete;
            }
            case State.UntilClose:
                consumed = dataLength = data.Length;
                BodyBytes += data.Length;
                return ParseStatus.NeedMore;
            default:
                return ParseStatus.Complete;
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

    private bool ParseOneHead(ReadOnlySpan<byte> head)
    {
        int eol = head.IndexOf("\r\n"u8);
        var statusLine = head[..eol];
        // "HTTP/1.1 200 OK": version, space, three digits.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != ' ')
            return FailHead("bad status line");
        bool http11 = statusLine[7] == '1';
        int code = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
        if (!IsDigit(statusLine[9]) || !IsDigit(statusLine[10]) || !IsDigit(statusLine[11]) || code < 100 || code > 599
            || (statusLine.Length > 12 && statusLine[12] != ' '))
            return FailHead("bad status code");

        long contentLength = -1;
        bool chunked = false, upgrade = false;
        bool? keepAlive = null;
        string? accept = null;
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
            else if (Ascii.EqualsIgnoreCase(name, "upgrade"u8))
            {
                upgrade = Ascii.EqualsIgnoreCase(value, "websocket"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "sec-websocket-accept"u8))
            {
                accept = Encoding.ASCII.GetString(value);
            }
        }

        // Interim responses (100 Continue, 103 Early Hints): the real one follows on the same stream.
        if (code < 200 && code != 101) return true;

        StatusCode = code;
        KeepAlive = code != 101 && (keepAlive ?? http11);
        UpgradeWebSocket = upgrade;
        WebSocketAccept = accept;
        if (_noBody || code is 101 or 204 or 304)
        {
            Framing = BodyFraming.None;
            _state = State.Done;
        }
        else if (chunked)
        {
            Framing = BodyFraming.Chunked; // RFC 9112 §6.3: chunked wins over Content-Length
            _state = State.Chunked;
        }
        else if (contentLength >= 0)
        {
            ContentLength = _remaining = contentLength;
            Framing = contentLength == 0 ? BodyFraming.None : BodyFraming.Length;
            _state = contentLength == 0 ? State.Done : State.FixedBody;
        }
        else
        {
            Framing = BodyFraming.UntilClose;
            _state = State.UntilClose;
            KeepAlive = false;
        }
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

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
