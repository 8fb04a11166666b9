using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Bench.Load.Metrics;

namespace Bench.Load.Scenarios.Net;

/// <summary>
/// The client side of the RFC 6455 §4.1 opening handshake over our own socket, then
/// <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/> for framing.
/// ClientWebSocket would build an HttpClient handler per connection; this keeps a WebSocket
/// to the socket, a small stream and the managed framer's 14-byte header buffer.
/// </summary>
public static class WebSocketConnector
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>The upgrade request with a fresh random key (§4.1: the key must be random per connection).</summary>
    public static (byte[] Request, string ExpectedAccept) BuildRequest(string pathAndQuery, string hostHeader)
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = Encoding.ASCII.GetBytes(
            $"GET {pathAndQuery} HTTP/1.1\r\nHost: {hostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
        return (request, ExpectedAccept(key));
    }

    public static string ExpectedAccept(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));

    /// <summary>
    /// Sends the upgrade on a connected socket and reads the answer. Returns the WebSocket on 101
    /// with the right accept key; otherwise the status (426 from a WSGI twin that refuses
    /// upgrades) and no socket. Throws on network failure or a malformed answer.
    /// </summary>
    public static async ValueTask<(WebSocket? Socket, int Status, long FirstByte)> HandshakeAsync(Socket socket, string pathAndQuery, string hostHeader)
    {
        var (request, accept) = BuildRequest(pathAndQuery, hostHeader);
        int sent = 0;
        while (sent < request.Length) sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
        var head = await HeadReader.ReadAsync(socket).ConfigureAwait(false);
        if (head.Head.Status != 101)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(head.Buffer);
            return (null, head.Head.Status, head.FirstByteTimestamp);
        }
        if (!head.Head.UpgradeWebSocket || head.Head.WebSocketAccept != accept)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(head.Buffer);
            throw new InvalidDataException("101 without a valid Sec-WebSocket-Accept");
        }
        // A message may follow the 101 in the same segment; the stream serves it first.
        var stream = new SocketStream(socket, BodyFraming.UntilClose, 0, head.Buffer, head.LeftoverOffset, head.LeftoverCount);
        var ws = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        return (ws, 101, head.FirstByteTimestamp);
    }

    /// <summary>The close code a failed or finished WebSocket ends with: 1006 when no close frame arrived.</summary>
    public static int CloseCode(WebSocket ws) => ws.CloseStatus is { } status ? (int)status : 1006;

    internal static long Micros(long ticks) => Clock.ToMicros(ticks);
}
