namespace Bench.Servers.Http;

/// <summary>How the request body is delimited (RFC 9112 §6).</summary>
public enum BodyFraming { None, ContentLength, Chunked }

/// <summary>A parsed request line and header block. Strings are Latin-1, as PEP 3333 wants them.</summary>
public sealed class RequestHead
{
    public required string Method { get; init; }
    /// <summary>The request target exactly as sent (origin-form, or absolute-form reduced to its path).</summary>
    public required string RawTarget { get; init; }
    /// <summary>The path without the query, still percent-encoded.</summary>
    public required string RawPath { get; init; }
    public required string Query { get; init; }
    /// <summary>"1.0" or "1.1".</summary>
    public required string HttpVersion { get; init; }
    /// <summary>Header fields in arrival order, names as sent.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    public BodyFraming Framing { get; init; }
    public long ContentLength { get; init; }
    public bool KeepAlive { get; init; }
    public bool ExpectContinue { get; init; }
    /// <summary>An RFC 6455 upgrade request (Upgrade: websocket and Connection: upgrade).</summary>
    public bool IsWebSocketUpgrade { get; init; }

    public bool IsHead => Method == "HEAD";

    /// <summary>The first value of a header, or null; names compare case-insensitively.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    /// <summary>The decoded path (percent-decoding, then UTF-8), as ASGI's `path` and WSGI's PATH_INFO.</summary>
    public string DecodedPath => Uri.UnescapeDataString(RawPath);

    public string QueryValue(string key) => QueryString.Get(Query, key);
}
