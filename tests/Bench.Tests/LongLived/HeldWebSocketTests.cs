using System.Net.WebSockets;
using System.Text;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.LongLived;

/// <summary>
/// Thousands of WebSockets held at once on one ASGI worker, against the real bench-server process, so
/// its resident memory is the server's alone.
/// </summary>
[Collection("long-lived load")]
public sealed class HeldWebSocketTests
{
    private const int Held = 5_000;

    [Fact]
    public async Task One_worker_holds_5000_websockets_echoes_every_message_and_returns_every_close_code()
    {
        await using var server = await ServerProcess.StartAsync("asgi", "--workers", "1");
        int port = server.BaseUrl.Port;
        var sockets = await OpenAsync(port, Held);
        Assert.Equal(Held, await server.StatAsync("open_websockets"));

        var echoed = await ForEachAsync(sockets, async (ws, i) =>
        {
            var text = $"client {i}";
            await ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            bool textBack = Encoding.UTF8.GetString(await AsgiWebSocketTests.ReceiveWholeAsync(ws)) == text;
            var bytes = BitConverter.GetBytes(i);
            await ws.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);
            bool bytesBack = (await AsgiWebSocketTests.ReceiveWholeAsync(ws)).AsSpan().SequenceEqual(bytes);
            return textBack && bytesBack;
        });
        Assert.Equal(Held, echoed.Count(ok => ok));

        // The server answers each client's close with the client's code (RFC 6455 §5.5.1).
        var closes = await ForEachAsync(sockets, async (ws, i) =>
        {
            var code = i % 2 == 0 ? WebSocketCloseStatus.NormalClosure : (WebSocketCloseStatus)(4000 + i % 100);
            await ws.CloseAsync(code, "bye", CancellationToken.None);
            return ws.CloseStatus == code;
        });
        Assert.Equal(Held, closes.Count(ok => ok));
        await Eventually.EqualAsync(0L, () => server.StatAsync("open_websockets"), TimeSpan.FromSeconds(20));
        foreach (var ws in sockets) ws.Dispose();
    }

    private static async Task<List<ClientWebSocket>> OpenAsync(int port, int count)
    {
        var sockets = new ClientWebSocket[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var ws = new ClientWebSocket();
            ws.Options.KeepAliveInterval = TimeSpan.Zero;
            await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws/echo"), CancellationToken.None);
            sockets[i] = ws;
        });
        return [.. sockets];
    }

    private static async Task<bool[]> ForEachAsync(List<ClientWebSocket> sockets, Func<ClientWebSocket, int, Task<bool>> action)
    {
        var results = new bool[sockets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sockets.Count), new ParallelOptions { MaxDegreeOfParallelism = 256 },
            async (i, _) => results[i] = await action(sockets[i], i).WaitAsync(TimeSpan.FromSeconds(60)));
        return results;
    }
}
