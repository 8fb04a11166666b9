using System.Text;

namespace Bench.Servers.Http;

/// <summary>
/// Incremental HTTP/1.1 request-head parser (RFC 9112 §2–§6). It is called again with the bytes
/// received so far until the head is complete; it never trusts the peer: every limit is checked on
/// partial input, so an endless request line or header block is refused before it is buffered.
/// Errors are thrown as <see cref="RequestRejected"/> carrying the status to answer with.
/// </summary>
public static class RequestHeadParser
{
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <summary>
    /// Parses a complete head from the start of <paramref name="data"/>. Returns false when more bytes
    /// are needed; then nothing is consumed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, HttpLimits limits, out RequestHead head, out int consumed)
    {
        head = null!;
        consumed = 0;

        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
        int skipped = 0;
        while (skipped + 1 < data.Length && data[skipped] == '\r' && data[skipped + 1] == '\n') skipped += 2;
        var rest = data[skipped..];

        int lineEnd = rest.IndexOf((byte)'\n');
        if (lineEnd < 0)
        {
            // + 1: the CR of a line exactly at the limit may arrive in one read and its LF in the next.
            if (rest.Length > limits.MaxRequestLineBytes + 1) throw new RequestRejected(414, "request line too long");
            return false;
        }
        if (lineEnd == 0 || rest[lineEnd - 1] != '\r') throw RequestRejected.BadRequest("request line must end with CRLF");
        if (lineEnd - 1 > limits.MaxRequestLineBytes) throw new RequestRejected(414, "request line too long");

        var headers = rest[(lineEnd + 1)..];
        int end = FindHeadEnd(headers, out bool emptyHeaders);
        if (end < 0)
        {
            // + 3: up to three bytes of the CRLFCRLF ending a block exactly at the limit may already be here.
            if (headers.Length > limits.MaxHeaderBytes + 3) throw new RequestRejected(431, "header block too large");
            return false;
        }
        if (end > limits.MaxHeaderBytes) throw new RequestRejected(431, "header block too large");

        var (method, target, version) = ParseRequestLine(rest[..(lineEnd - 1)]);
        var fields = emptyHeaders ? [] : ParseFields(headers[..end], limits);
        head = Build(method, target, version, fields, limits);
        consumed = skipped + lineEnd + 1 + end + (emptyHeaders ? 2 : 4);
        return true;
    }

    /// <summary>Index of the CRLFCRLF ending the header block (relative), or -1; rejects bare LF.</summary>
    private static int FindHeadEnd(ReadOnlySpan<byte> headers, out bool empty)
    {
        empty = false;
        if (headers.Length >= 2 && headers[0] == '\r' && headers[1] == '\n') { empty = true; return 0; }
        if (headers.Length >= 1 && headers[0] == '\n') throw RequestRejected.BadRequest("bare LF in header block");
        int end = headers.IndexOf(HeadEnd);
        var scanned = end < 0 ? headers : headers[..(end + 2)];
        for (int i = scanned.IndexOf((byte)'\n'); i >= 0;)
        {
            if (i == 0 || scanned[i - 1] != '\r') throw RequestRejected.BadRequest("bare LF in header block");
            int next = scanned[(i + 1)..].IndexOf((byte)'\n');
            i = next < 0 ? -1 : i + 1 + next;
        }
        return end;
    }

    private static (string Method, string Target, string Version) ParseRequestLine(ReadOnlySpan<byte> line)
    {
        int sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0) throw RequestRejected.BadRequest("malformed request line");
        var method = line[..sp1];
        foreach (var b in method)
        {
            if (!HttpChars.IsToken(b)) throw RequestRejected.BadRequest("invalid method");
        }
        var afterMethod = line[(sp1 + 1)..];
        int sp2 = afterMethod.IndexOf((byte)' ');
        if (sp2 <= 0) throw RequestRejected.BadRequest("malformed request line");
        var target = afterMethod[..sp2];
        var version = afterMethod[(sp2 + 1)..];
        foreach (var b in target)
        {
            if (b <= 0x20 || b >= 0x7F) throw RequestRejected.BadRequest("invalid character in request target");
        }
        string v = version.SequenceEqual("HTTP/1.1"u8) ? "1.1"
            : version.SequenceEqual("HTTP/1.0"u8) ? "1.0"
            : IsHttpVersion(version) ? throw new RequestRejected(505, "HTTP version not supported")
            : throw RequestRejected.BadRequest("malformed HTTP version");
        return (Encoding.ASCII.GetString(method), Encoding.ASCII.GetString(target), v);
    }

    private static bool IsHttpVersion(ReadOnlySpan<byte> v) =>
        v.Length == 8 && v.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)v[5]) && v[6] == '.' && char.IsAsciiDigit((char)v[7]);

    private static List<KeyValuePair<string, string>> ParseFields(ReadOnlySpan<byte> block, HttpLimits limits)
    {
        var fields = new List<KeyValuePair<string, string>>();
        while (!block.IsEmpty)
        {
            int eol = block.IndexOf("\r\n"u8);
            var line = eol < 0 ? block : block[..eol];
            block = eol < 0 ? default : block[(eol + 2)..];
            if (fields.Count == limits.MaxHeaderCount) throw new RequestRejected(431, "too many header fields");
            FieldLine.Parse(line, out var name, out var value);
            fields.Add(new(Encoding.ASCII.GetString(name), Encoding.Latin1.GetString(value)));
        }
        return fields;
    }

    private static RequestHead Build(string method, string target, string version,
        List<KeyValuePair<string, string>> fields, HttpLimits limits)
    {
        long? contentLength = null;
        string? transferEncoding = null;
        int hosts = 0;
        bool close = false, keepAliveToken = false, upgradeToken = false, websocket = false, expectContinue = false;
        foreach (var (name, value) in fields)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var item in value.Split(','))
                {
                    long parsed = ParseContentLength(item.Trim(' ', '\t'));
                    if (contentLength is { } seen && seen != parsed)
                        throw RequestRejected.BadRequest("conflicting Content-Length values");
                    contentLength = parsed;
                }
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                transferEncoding = transferEncoding is null ? value : transferEncoding + "," + value;
            }
            else if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) hosts++;
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var token in value.Split(',', StringSplitOptions.TrimEntries))
                {
                    close |= token.Equals("close", StringComparison.OrdinalIgnoreCase);
                    keepAliveToken |= token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase);
                    upgradeToken |= token.Equals("upgrade", StringComparison.OrdinalIgnoreCase);
                }
            }
            else if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                websocket |= value.Split(',', StringSplitOptions.TrimEntries)
                    .Any(t => t.Equals("websocket", StringComparison.OrdinalIgnoreCase));
            }
            else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                if (!value.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
                    throw new RequestRejected(417, "unsupported expectation");
                expectContinue = true;
            }
        }

        // RFC 9112 §3.2: a 1.1 request without exactly one Host gets 400.
        if (version == "1.1" && hosts != 1) throw RequestRejected.BadRequest(hosts == 0 ? "missing Host header" : "more than one Host header");

        var framing = BodyFraming.None;
        if (transferEncoding is not null)
        {
            // Both headers at once is the classic smuggling vector (RFC 9112 §6.1): refuse, don't guess.
            if (contentLength is not null) throw RequestRejected.BadRequest("both Content-Length and Transfer-Encoding");
            if (version == "1.0") throw RequestRejected.BadRequest("Transfer-Encoding in an HTTP/1.0 request");
            var codings = transferEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (codings.Length == 0 || !codings[^1].Equals("chunked", StringComparison.OrdinalIgnoreCase))
                throw RequestRejected.BadRequest("the final transfer coding must be chunked");
            if (codings.Length > 1) throw new RequestRejected(501, "unsupported transfer coding");
            framing = BodyFraming.Chunked;
        }
        else if (contentLength is { } length)
        {
            if (length > limits.MaxBodyBytes) throw new RequestRejected(413, "request body too large");
            framing = length > 0 ? BodyFraming.ContentLength : BodyFraming.None;
        }

        SplitTarget(method, target, out var path, out var query);
        bool keepAlive = version == "1.1" ? !close : keepAliveToken && !close;
        return new RequestHead
        {
            Method = method,
            RawTarget = target,
            RawPath = path,
            Query = query,
            HttpVersion = version,
            Headers = fields,
            Framing = framing,
            ContentLength = contentLength ?? 0,
            KeepAlive = keepAlive,
            ExpectContinue = expectContinue && framing != BodyFraming.None,
            IsWebSocketUpgrade = websocket && upgradeToken,
        };
    }

    /// <summary>
    /// Digits only (RFC 9110 §8.6: no sign, no spaces inside, leading zeros allowed). A value too large
    /// for 64 bits saturates to long.MaxValue: it is beyond any body limit, so it gets the same 413 as
    /// any other oversized length, whatever its digit count.
    /// </summary>
    private static long ParseContentLength(string text)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit)) throw RequestRejected.BadRequest("invalid Content-Length");
        var significant = text.AsSpan().TrimStart('0');
        if (significant.Length > 18) return long.MaxValue;
        return significant.IsEmpty ? 0 : long.Parse(significant, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void SplitTarget(string method, string target, out string path, out string query)
    {
        string pathAndQuery;
        if (target[0] == '/') pathAndQuery = target;
        else if (target == "*" && method == "OPTIONS") pathAndQuery = "*";
        else if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // absolute-form (RFC 9112 §3.2.2): keep only the path and query.
            int slash = target.IndexOf('/', target.IndexOf("//", StringComparison.Ordinal) + 2);
            pathAndQuery = slash < 0 ? "/" : target[slash..];
        }
        else throw RequestRejected.BadRequest("invalid request target");

        int q = pathAndQuery.IndexOf('?');
        path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        query = q < 0 ? "" : pathAndQuery[(q + 1)..];
        if (path.Contains('#')) throw RequestRejected.BadRequest("fragment in request target");
    }
}
