using System.Net.WebSockets;
using System.Text;
using Bench.Servers.Http;
using Bench.Servers.Wsgi;

namespace Bench.Servers.App;

/// <summary>
/// /ws/echo and /ws/chat under <c>--ws hijack</c>: the gevent-websocket pattern. The app takes the raw
/// socket, writes the 101 itself, and runs the frame loop with blocking calls on its pool thread — so
/// each open socket keeps one thread for its whole life.
/// </summary>
internal sealed class HijackedWebSocket(WsgiRuntime runtime, Dictionary<string, object?> environ, WsgiHijack hijack)
{
    public IEnumerable<byte[]> Serve(string? chatRoom, StartResponse startResponse)
    {
        string key;
        try
        {
            key = WebSocketHandshake.Validate((string)environ["REQUEST_METHOD"]!, ((string)environ["SERVER_PROTOCOL"]!)[5..], true,
                environ.GetValueOrDefault("HTTP_SEC_WEBSOCKET_VERSION") as string, environ.GetValueOrDefault("HTTP_SEC_WEBSOCKET_KEY") as string);
        }
        catch (RequestRejected error)
        {
            startResponse("400 Bad Request", [("Content-Type", DemoPayloads.TextPlain)]);
            return [DemoPayloads.Message(error.Message)];
        }
        var (socket, buffered) = hijack.Take();
        using var stream = new WebSocketInputGuard(new PrefixedStream(socket, buffered), socket, runtime.WebSocketMaxMessage);
        try
        {
            stream.Write(WebSocketHandshake.SwitchingProtocols(key, null, null, lowercase: false));
            using var ws = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(20) });
            runtime.Stats.WebSocketOpened();
            try
            {
                if (chatRoom is null) Echo(ws, stream);
                else Chat(ws, stream, chatRoom);
            }
            finally
            {
                runtime.Stats.WebSocketClosed();
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException) { }
        finally
        {
            socket.Dispose();
        }
        return [];
    }

    private void Echo(WebSocket ws, WebSocketInputGuard guard)
    {
        var send = new object();
        while (Receive(ws, guard) is { IsClose: false } message) SendBlocking(ws, send, message.Data, message.Type);
    }

    private void Chat(WebSocket ws, WebSocketInputGuard guard, string room)
    {
        var send = new object();
        using var membership = runtime.Chat.Join(room, payload =>
        {
            // Delivered by whichever thread broadcasts, as gevent-websocket's loop over clients does.
            try { SendBlocking(ws, send, payload, WebSocketMessageType.Text); }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException) { }
        });
        while (Receive(ws, guard) is { IsClose: false } message)
        {
            runtime.Chat.Broadcast(room, Encoding.UTF8.GetString(message.Data));
        }
    }

    /// <summary>A blocking receive: the GIL is released while the thread waits, the thread is not.</summary>
    private WebSocketMessage Receive(WebSocket ws, WebSocketInputGuard guard)
    {
        var message = runtime.Gil.WithoutLock(() => WebSocketMessageReader.ReceiveAsync(ws, runtime.WebSocketMaxMessage, guard).AsTask().GetAwaiter().GetResult());
        if (message.IsClose && ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            var code = message.CloseCode == WebSocketMessageReader.NoStatusReceived ? WebSocketCloseStatus.NormalClosure : (WebSocketCloseStatus)message.CloseCode;
            ws.CloseOutputAsync(code, message.CloseReason, CancellationToken.None).GetAwaiter().GetResult();
        }
        return message;
    }

    private static void SendBlocking(WebSocket ws, object sendLock, byte[] payload, WebSocketMessageType type)
    {
        lock (sendLock) ws.SendAsync(payload, type, true, CancellationToken.None).GetAwaiter().GetResult();
    }
}
