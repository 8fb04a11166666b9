using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Bench.Servers.Asgi;
using Xunit;

namespace Bench.Tests.LongLived;

[Collection("long-lived load")]
public sealed class WebSocketLoadTests
{
    [Fact]
    public async Task Asgi_echoes_for_1000_concurrent_clients()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        var clients = Enumerable.Range(0, 1000).Select(async i =>
        {
            using var ws = new ClientWebSocket();
            await ws.ConnectAsync(LongLivedTargets.Ws(server, "/ws/echo"), CancellationToken.None);
            int echoed = 0;
            for (int m = 0; m < 5; m++)
            {
                var text = $"client {i} message {m}";
                await ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
                if (Encoding.UTF8.GetString(await AsgiWebSocketTests.ReceiveWholeAsync(ws)) == text) echoed++;
            }
            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            return echoed;
        });
        var results = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(results, echoed => Assert.Equal(5, echoed));
        var stats = await LongLivedTargets.WaitForStatsAsync(server, s => s.GetProperty("open_websockets").GetInt64() == 0);
        Assert.Equal(0, stats.GetProperty("open_websockets").GetInt64());
    }

    [Theory]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    [InlineData("wsgi")]
    public async Task Chat_room_of_50_delivers_all_500_messages_in_one_order(string kind)
    {
        await using var server = await LongLivedTargets.StartAsync(kind, threads: 64, hijack: true);
        var members = new List<ClientWebSocket>();
        for (int i = 0; i < 50; i++)
        {
            var ws = new ClientWebSocket();
            await ws.ConnectAsync(LongLivedTargets.Ws(server, "/ws/chat?room=r1"), CancellationToken.None);
            members.Add(ws);
        }
        // Joining happens after the handshake: the last member sends numbered probes until every member has
        // heard the latest one (a member hears a room's messages only once it has joined; one connection's
        // messages are broadcast in order, so none of the probes is still to come), and only then does anyone talk.
        var heard = new int[members.Count];
        var readers = members.Select(async (ws, i) =>
        {
            var seen = new List<(long Seq, string Msg)>();
            while (seen.Count < 500)
            {
                var doc = JsonDocument.Parse(await AsgiWebSocketTests.ReceiveWholeAsync(ws)).RootElement;
                string msg = doc.GetProperty("msg").GetString()!;
                Assert.True(doc.GetProperty("t_us").GetInt64() > 0);
                if (msg.StartsWith("probe:", StringComparison.Ordinal)) Volatile.Write(ref heard[i], int.Parse(msg["probe:".Length..], System.Globalization.CultureInfo.InvariantCulture));
                else seen.Add((doc.GetProperty("seq").GetInt64(), msg));
            }
            return seen;
        }).ToArray();
        bool AllHeard(int probe) => Enumerable.Range(0, heard.Length).All(j => Volatile.Read(ref heard[j]) >= probe);
        var clock = Stopwatch.StartNew();
        int sent = 0;
        do
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{heard.Count(h => h == 0)} of 50 members never heard a probe");
            sent++;
            await members[^1].SendAsync(Encoding.UTF8.GetBytes($"probe:{sent}"), WebSocketMessageType.Text, true, CancellationToken.None);
            for (var wait = Stopwatch.StartNew(); !AllHeard(sent) && wait.ElapsedMilliseconds < 100; ) await Task.Delay(5);
        }
        while (!AllHeard(sent));
        var senders = members.Select(async (ws, i) =>
        {
            for (int m = 0; m < 10; m++) await ws.SendAsync(Encoding.UTF8.GetBytes($"{i}:{m}"), WebSocketMessageType.Text, true, CancellationToken.None);
        });
        await Task.WhenAll(senders);
        var received = await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));
        var reference = received[0];
        Assert.Equal(500, reference.Select(r => r.Msg).Distinct().Count());
        // One sequence with no gap, after the probes': every member saw every message, in that order.
        Assert.Equal(Enumerable.Range(0, 500).Select(i => reference[0].Seq + i), reference.Select(r => r.Seq));
        Assert.All(received, r => Assert.Equal(reference, r));
        foreach (var ws in members)
        {
            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            ws.Dispose();
        }
        await LongLivedTargets.WaitUntilAsync(() => server.Stats.OpenWebSockets == 0);
        Assert.Equal(0, server.Stats.OpenWebSockets);
    }

    [Fact]
    public async Task Wsgi_hijack_serves_one_socket_per_thread_and_queues_the_rest()
    {
        await using var server = await LongLivedTargets.StartAsync("wsgi", threads: 4, hijack: true);
        var sockets = new List<ClientWebSocket>();
        for (int i = 0; i < 4; i++)
        {
            var ws = new ClientWebSocket();
            await ws.ConnectAsync(LongLivedTargets.Ws(server, "/ws/echo"), CancellationToken.None);
            sockets.Add(ws);
        }
        using var client = new HttpClient();
        var hello = client.GetStringAsync(LongLivedTargets.Http(server, "/hello"));
        // Wait for the state under test, not for a while: the fifth connection accepted, every thread still held.
        bool Queued() => server.Stats.OpenConnections >= 5 && server.Stats.BusyThreads == 4;
        await LongLivedTargets.WaitUntilAsync(Queued, timeoutMs: 10_000);
        Assert.True(Queued(), $"open connections {server.Stats.OpenConnections}, busy threads {server.Stats.BusyThreads}");
        Assert.False(hello.IsCompleted, "a fifth request must wait while four sockets hold the four threads");
        await sockets[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        Assert.Equal("Hello World", await hello.WaitAsync(TimeSpan.FromSeconds(5)));
        foreach (var ws in sockets.Skip(1)) await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    [Fact]
    public async Task Wsgi_refuses_upgrades_with_426_by_default()
    {
        await using var server = await LongLivedTargets.StartAsync("wsgi");
        var head = "GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        Assert.Equal(426, await AsgiWebSocketTests.RawStatusAsync(server.Port, head));
    }

    [Fact]
    public async Task App_sees_the_clients_close_code_or_1006_when_it_vanishes()
    {
        var codes = new ConcurrentQueue<int>();
        async Task App(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send)
        {
            if ((string)scope["type"]! != "websocket") throw new NotSupportedException();
            await receive();
            await send(new() { ["type"] = "websocket.accept" });
            while (true)
            {
                var message = await receive();
                if ((string)message["type"]! == "websocket.disconnect")
                {
                    codes.Enqueue((int)message["code"]!);
                    return;
                }
            }
        }
        await using var server = new AsgiServer(new AsgiOptions(), _ => App);
        await server.StartAsync();
        var uri = new Uri($"ws://127.0.0.1:{server.Port}/any");

        using (var polite = new ClientWebSocket())
        {
            await polite.ConnectAsync(uri, CancellationToken.None);
            await polite.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
        await LongLivedTargets.WaitUntilAsync(() => codes.Count == 1);
        var rude = new ClientWebSocket();
        await rude.ConnectAsync(uri, CancellationToken.None);
        rude.Abort();
        await LongLivedTargets.WaitUntilAsync(() => codes.Count == 2);
        Assert.Equal([1000, 1006], codes.ToArray());
    }
}
