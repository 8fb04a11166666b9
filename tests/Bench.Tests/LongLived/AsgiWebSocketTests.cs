using System.Net;
using System.Net.WebSockets;
using System.Text;
using Bench.Servers.Asgi;
using Xunit;

namespace Bench.Tests.LongLived;

public sealed class AsgiWebSocketTests
{
    [Theory]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    public async Task Echo_returns_text_and_binary_messages(string kind)
    {
        await using var server = await LongLivedTargets.StartAsync(kind);
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(LongLivedTargets.Ws(server, "/ws/echo"), CancellationToken.None);
        await ws.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, result.Count));
        await ws.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        result = await ws.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer[..result.Count]);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        var stats = await LongLivedTargets.WaitForStatsAsync(server, s => s.GetProperty("open_websockets").GetInt64() == 0);
        Assert.Equal(0, stats.GetProperty("open_websockets").GetInt64());
    }

    [Fact]
    public async Task Fragmented_message_is_reassembled()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(LongLivedTargets.Ws(server, "/ws/echo"), CancellationToken.None);
        var part = Encoding.ASCII.GetBytes(new string('x', 10_000));
        await ws.SendAsync(part, WebSocketMessageType.Text, false, CancellationToken.None);
        await ws.SendAsync(part, WebSocketMessageType.Text, true, CancellationToken.None);
        var received = await ReceiveWholeAsync(ws);
        Assert.Equal(20_000, received.Length);
    }

    [Fact]
    public async Task Oversized_message_closes_with_1009()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi", asgi: new AsgiOptions { WebSocketMaxMessage = 1000 });
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(LongLivedTargets.Ws(server, "/ws/echo"), CancellationToken.None);
        await ws.SendAsync(new byte[5000], WebSocketMessageType.Binary, true, CancellationToken.None);
        var result = await ws.ReceiveAsync(new byte[100], CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(1009, (int)ws.CloseStatus!.Value);
    }

    [Fact]
    public async Task Server_shutdown_closes_sockets_with_1012()
    {
        var server = await LongLivedTargets.StartAsync("asgi");
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(LongLivedTargets.Ws(server, "/ws/echo"), CancellationToken.None);
        var receive = ws.ReceiveAsync(new byte[100], CancellationToken.None);
        await server.StopAsync(TimeSpan.FromSeconds(2));
        var result = await receive.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(1012, (int)ws.CloseStatus!.Value);
        await server.DisposeAsync();
    }

    [Theory]
    [InlineData("13", true, HttpStatusCode.SwitchingProtocols)]
    [InlineData("8", true, HttpStatusCode.BadRequest)]
    [InlineData("13", false, HttpStatusCode.BadRequest)]
    public async Task Handshake_is_validated(string version, bool withKey, HttpStatusCode expected)
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        var head = "GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Version: {version}\r\n" + (withKey ? "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" : "") + "\r\n";
        Assert.Equal((int)expected, await RawStatusAsync(server.Port, head));
    }

    [Fact]
    public async Task Close_before_accept_is_403()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        var head = "GET /ws/nowhere HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        Assert.Equal(403, await RawStatusAsync(server.Port, head));
    }

    internal static async Task<int> RawStatusAsync(int port, string request)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        int n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var line = Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0];
        return int.Parse(line.Split(' ')[1]);
    }

    internal static async Task<byte[]> ReceiveWholeAsync(WebSocket ws)
    {
        using var all = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
            all.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return all.ToArray();
        }
    }
}
