namespace Bench.Servers.Http;

/// <summary>Framing rules for responses (RFC 9110 §6.4.1, RFC 9112 §6.3), applied the same way by both twins.</summary>
public static class ResponseRules
{
    /// <summary>Statuses that never carry content, whatever the method.</summary>
    public static bool StatusForbidsBody(int status) => status is (>= 100 and < 200) or 204 or 304;

    /// <summary>Whether bytes of a body go on the wire at all (HEAD sends the head only).</summary>
    public static bool SendsBody(RequestHead request, int status) => SendsBody(request.IsHead, status);

    public static bool SendsBody(bool isHead, int status) => !isHead && !StatusForbidsBody(status);

    /// <summary>Chunked framing when the length is unknown and the client speaks HTTP/1.1; else close-delimited.</summary>
    public static bool UseChunked(RequestHead request, int status, bool lengthKnown) =>
        UseChunked(request.HttpVersion, request.IsHead, status, lengthKnown);

    public static bool UseChunked(string httpVersion, bool isHead, int status, bool lengthKnown) =>
        !lengthKnown && httpVersion == "1.1" && !StatusForbidsBody(status) && !isHead;

    /// <summary>
    /// Hop-by-hop fields an application must not set (PEP 3333 §"Other HTTP Features"), plus the
    /// fields the server owns (gunicorn's list). The WSGI twin raises on them, the ASGI twin ignores
    /// Transfer-Encoding as the ASGI spec says.
    /// </summary>
    public static bool IsHopByHop(string name) => name.ToLowerInvariant() is
        "connection" or "keep-alive" or "proxy-authenticate" or "proxy-authorization" or "te" or "trailers"
        or "transfer-encoding" or "upgrade";
}
