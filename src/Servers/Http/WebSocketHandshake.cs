using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Bench.Servers.Http;

/// <summary>The server side of the RFC 6455 §4.2 opening handshake, shared by the ASGI twin and the WSGI hijack.</summary>
public static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Checks an upgrade request and returns its Sec-WebSocket-Key; a bad handshake is a 400.</summary>
    public static string Validate(RequestHead request) =>
        Validate(request.Method, request.HttpVersion, request.IsWebSocketUpgrade, request.Header("Sec-WebSocket-Version"), request.Header("Sec-WebSocket-Key"));

    public static string Validate(string method, string httpVersion, bool isUpgrade, string? version, string? key)
    {
        if (method != "GET") throw RequestRejected.BadRequest("WebSocket handshake must use GET");
        if (httpVersion != "1.1") throw RequestRejected.BadRequest("WebSocket handshake needs HTTP/1.1");
        if (!isUpgrade) throw RequestRejected.BadRequest("missing Upgrade: websocket / Connection: upgrade");
        if (version != "13") throw RequestRejected.BadRequest("Sec-WebSocket-Version must be 13");
        Span<byte> decoded = stackalloc byte[32];
        if (key is null || !Convert.TryFromBase64String(key, decoded, out int length) || length != 16)
            throw RequestRejected.BadRequest("missing or malformed Sec-WebSocket-Key");
        return key;
    }

    public static string AcceptKey(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));

    /// <summary>The 101 response; <paramref name="extraHeaders"/> are the app's (ASGI websocket.accept headers).</summary>
    public static byte[] SwitchingProtocols(string key, string? subprotocol, IEnumerable<(byte[] Name, byte[] Value)>? extraHeaders, bool lowercase)
    {
        var w = new ArrayBufferWriter<byte>(256);
        ResponseHeadWriter.StatusLine(w, 101);
        ResponseHeadWriter.ServerFields(w, lowercase ? "bench-asgi"u8 : "bench-wsgi"u8, lowercase);
        ResponseHeadWriter.Header(w, lowercase ? "upgrade"u8 : "Upgrade"u8, "websocket"u8);
        ResponseHeadWriter.Header(w, lowercase ? "connection"u8 : "Connection"u8, "Upgrade"u8);
        ResponseHeadWriter.Header(w, lowercase ? "sec-websocket-accept"u8 : "Sec-WebSocket-Accept"u8, Encoding.ASCII.GetBytes(AcceptKey(key)));
        if (subprotocol is not null) ResponseHeadWriter.Header(w, lowercase ? "sec-websocket-protocol"u8 : "Sec-WebSocket-Protocol"u8, Encoding.ASCII.GetBytes(subprotocol));
        foreach (var (name, value) in extraHeaders ?? []) ResponseHeadWriter.Header(w, name, value);
        ResponseHeadWriter.EndHead(w);
        return w.WrittenSpan.ToArray();
    }
}
