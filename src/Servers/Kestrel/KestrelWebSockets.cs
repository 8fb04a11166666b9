using System.Net.WebSockets;
using System.Threading.Channels;
using Bench.Servers.App;
using Bench.Servers.Hosting;
using Bench.Servers.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bench.Servers.Kestrel;

/// <summary>/ws/echo and /ws/chat on ASP.NET Core's WebSocket middleware, as a .NET user writes them.</summary>
internal static class KestrelWebSockets
{
    private const int MaxMessage = 16 * 1024 * 1024;

    public static void Map(WebApplication app, ServerStats stats, ChatHub chat, CancellationToken stopping)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.Map("/ws/echo", context => Serve(context, stats, stopping, Echo));
        app.Map("/ws/chat", context => Serve(context, stats, stopping, (ws, token) =>
            Chat(ws, chat, context.Request.Query["room"].FirstOrDefault() is { Length: > 0 } room ? room : "lobby", token)));
    }

    private static async Task Serve(HttpContext context, ServerStats stats, CancellationToken stopping, Func<WebSocket, CancellationToken, Task> loop)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("expected a WebSocket upgrade\n");
            return;
        }
        using var ws = await context.WebSockets.AcceptWebSocketAsync();
        stats.WebSocketOpened();
        try
        {
            await loop(ws, stopping);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException) { }
        finally
        {
            if (ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                // Shutdown closes with 1012, as the ASGI twin and uvicorn do.
                var status = stopping.IsCancellationRequested ? (WebSocketCloseStatus)1012 : WebSocketCloseStatus.NormalClosure;
                try { await ws.CloseOutputAsync(status, stopping.IsCancellationRequested ? "server shutting down" : "", CancellationToken.None); }
                catch (Exception e) when (e is WebSocketException or IOException) { }
            }
            stats.WebSocketClosed();
        }
    }

    private static async Task Echo(WebSocket ws, CancellationToken stopping)
    {
        while (true)
        {
            var message = await WebSocketMessageReader.ReceiveAsync(ws, MaxMessage, cancellationToken: stopping);
            if (message.IsClose)
            {
                await CloseAfterPeerAsync(ws, message);
                return;
            }
            await ws.SendAsync(message.Data, message.Type, true, stopping);
        }
    }

    private static async Task Chat(WebSocket ws, ChatHub chat, string room, CancellationToken stopping)
    {
        var outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        using var membership = chat.Join(room, payload => outbox.Writer.TryWrite(payload));
        var writer = Task.Run(async () =>
        {
            await foreach (var payload in outbox.Reader.ReadAllAsync()) await ws.SendAsync(payload, WebSocketMessageType.Text, true, CancellationToken.None);
        });
        try
        {
            while (true)
            {
                var message = await WebSocketMessageReader.ReceiveAsync(ws, MaxMessage, cancellationToken: stopping);
                if (message.IsClose)
                {
                    outbox.Writer.TryComplete();
                    await writer;
                    await CloseAfterPeerAsync(ws, message);
                    return;
                }
                chat.Broadcast(room, System.Text.Encoding.UTF8.GetString(message.Data));
            }
        }
        finally
        {
            outbox.Writer.TryComplete();
        }
    }

    private static Task CloseAfterPeerAsync(WebSocket ws, WebSocketMessage message)
    {
        if (ws.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return Task.CompletedTask;
        var code = message.CloseCode == WebSocketMessageReader.NoStatusReceived ? WebSocketCloseStatus.NormalClosure : (WebSocketCloseStatus)message.CloseCode;
        return ws.CloseOutputAsync(code, message.CloseReason, CancellationToken.None);
    }
}
