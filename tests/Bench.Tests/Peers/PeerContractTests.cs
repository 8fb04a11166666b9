using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Bench.Servers.App;
using Bench.Tests.Servers;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Peers;

/// <summary>
/// The real servers (gunicorn, uvicorn; raw apps, Flask, FastAPI) answer the demo contract as the
/// twins do: the rows of <see cref="ContractTests"/>, run unchanged against each peer, plus what
/// only a second process can show (its own pid, stamps on the shared monotonic clock) and the
/// WebSocket behaviour of each model. Without the peers installed, every test is skipped with the
/// reason (and what installs them), so the run shows skips, not passes.
/// </summary>
public sealed class PeerContractTests(PeerTargets peers, ITestOutputHelper output) : IClassFixture<PeerTargets>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static TheoryData<string> AllPeers => PeerTargets.Names();
    public static TheoryData<string> AsgiPeers => PeerTargets.Names(t => t.IsAsgi);
    public static TheoryData<string> WsgiPeers => PeerTargets.Names(t => !t.IsAsgi);

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var peer in PeerTarget.All)
        {
            foreach (var c in ContractTests.Cases.Where(c => !c.InProcessOnly)) rows.Add(peer.Name, c.Name);
        }
        return rows;
    }

    [Fact]
    public void Peers_start_and_answer_health_or_the_reason_they_cannot_is_reported()
    {
        SkipIfAbsent();
        Assert.Equal(5, PeerTarget.All.Count);
        foreach (var target in PeerTarget.All) Assert.True(peers[target.Name].Port > 0);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Peer_route_answers_the_same_status_content_type_and_body_shape_as_the_twins(string peer, string route)
    {
        SkipIfAbsent();
        await ContractTests.AssertRouteAsync(peers.Client(peer), ContractTests.Cases.Single(c => c.Name == route),
            servesAsgiOnlyRoutes: PeerTarget.Named(peer).IsAsgi);
    }

    [Theory]
    [MemberData(nameof(AllPeers))]
    public async Task Peer_whoami_reports_the_process_that_serves_it(string peer)
    {
        SkipIfAbsent();
        using var json = JsonDocument.Parse(await peers.Client(peer).GetStringAsync("/whoami?wait_ms=1"));
        Assert.Equal(["pid", "thread_after", "thread_before"], json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        int pid = json.RootElement.GetProperty("pid").GetInt32();
        Assert.True(peers[peer].IsOwnProcess(pid), $"pid {pid} is neither {peers[peer].Pid} nor one of its workers");
    }

    [Theory]
    [MemberData(nameof(AllPeers))]
    public async Task Peer_sse_and_stream_stamps_are_on_the_clients_monotonic_clock(string peer)
    {
        SkipIfAbsent();
        var client = peers.Client(peer);
        var lags = new List<long>();

        using (var sse = await client.GetAsync("/sse?events=5&interval_ms=20", HttpCompletionOption.ResponseHeadersRead))
        using (var reader = new StreamReader(await sse.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                long received = MonotonicClock.NowMicroseconds;
                using var data = JsonDocument.Parse(line["data: ".Length..]);
                lags.Add(received - data.RootElement.GetProperty("t_us").GetInt64());
            }
        }
        Assert.Equal(5, lags.Count);

        using (var stream = await client.GetAsync("/stream?chunks=3&interval_ms=20&size=64", HttpCompletionOption.ResponseHeadersRead))
        using (var reader = new StreamReader(await stream.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("chunk ", StringComparison.Ordinal)) continue;
                long received = MonotonicClock.NowMicroseconds;
                lags.Add(received - long.Parse(line[(line.IndexOf("t=", StringComparison.Ordinal) + 2)..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        Assert.Equal(8, lags.Count);

        output.WriteLine($"{peer}: delivery lag µs {string.Join(", ", lags)}");
        // CLOCK_MONOTONIC in both processes: a stamp is never in the client's future, and loopback delivers well within a second.
        Assert.All(lags, lag => Assert.InRange(lag, 0, 1_000_000));
    }

    [Theory]
    [MemberData(nameof(AllPeers))]
    public async Task Peer_sse_resumes_after_Last_Event_ID(string peer)
    {
        SkipIfAbsent();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse?events=5&interval_ms=1");
        request.Headers.Add("Last-Event-ID", "3");
        using var response = await peers.Client(peer).SendAsync(request);
        var blocks = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["4", "5"], blocks.Select(b => b.Split('\n').Single(l => l.StartsWith("id: ", StringComparison.Ordinal))[4..]));
        Assert.StartsWith("retry: 1000\n", blocks[0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WsgiPeers))]
    public async Task Wsgi_peer_refuses_a_websocket_upgrade_with_the_twins_answer(string peer)
    {
        SkipIfAbsent();
        await using var twin = await TestTargets.StartAsync(TestTargets.Wsgi);
        var (twinStatus, twinBody) = await UpgradeAsync(twin.Port);
        var (peerStatus, peerBody) = await UpgradeAsync(peers[peer].Port);

        Assert.Equal(426, twinStatus);
        Assert.Equal(twinStatus, peerStatus);
        Assert.Equal(twinBody, peerBody);
    }

    [Theory]
    [MemberData(nameof(AsgiPeers))]
    public async Task Asgi_peer_echoes_websocket_text_and_binary(string peer)
    {
        SkipIfAbsent();
        using var ws = await ConnectAsync(peer, "/ws/echo");
        await ws.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var (textType, text) = await ReceiveAsync(ws);
        Assert.Equal(WebSocketMessageType.Text, textType);
        Assert.Equal("hello", Encoding.UTF8.GetString(text));
        await ws.SendAsync(new byte[] { 0, 1, 2, 255 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (binaryType, binary) = await ReceiveAsync(ws);
        Assert.Equal(WebSocketMessageType.Binary, binaryType);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, binary);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(AsgiPeers))]
    public async Task Asgi_peer_chat_gives_every_member_the_same_order_and_stamps(string peer)
    {
        SkipIfAbsent();
        var room = $"peer-{Guid.NewGuid():N}";
        using var a = await ConnectAsync(peer, $"/ws/chat?room={room}");
        using var b = await ConnectAsync(peer, $"/ws/chat?room={room}");
        // Each member hears itself before the others speak, so both are in the room.
        await SayAsync(a, "a-joined");
        await ReadChatUntilAsync(a, "a-joined");
        await SayAsync(b, "b-joined");
        await ReadChatUntilAsync(b, "b-joined");
        await ReadChatUntilAsync(a, "b-joined");

        await SayAsync(a, "one");
        await SayAsync(b, "two");
        var seenByA = await ReadChatUntilAsync(a, "one", "two");
        var seenByB = await ReadChatUntilAsync(b, "one", "two");

        Assert.Equal(seenByA.Select(m => (m.Seq, m.Msg)), seenByB.Select(m => (m.Seq, m.Msg)));
        Assert.All(seenByA.Concat(seenByB), m =>
        {
            Assert.Equal(room, m.Room);
            Assert.InRange(m.LagUs, 0, 1_000_000);
        });
        var seqs = seenByA.Select(m => m.Seq).ToArray();
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Length).Select(s => (long)s), seqs);
    }

    /// <summary>Without the peers, each test is a visible skip whose reason says why and what installs them.</summary>
    private void SkipIfAbsent()
    {
        if (peers.MissingReason is { } reason)
        {
            Assert.Contains("scripts/setup-peers.sh", reason, StringComparison.Ordinal);
            Assert.Skip($"peers not installed: {reason}");
        }
    }

    private static async Task<(int Status, string Body)> UpgradeAsync(int port)
    {
        const string End = "--ws hijack.\n";
        using var socket = await RawHttp.ConnectAsync(port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "GET /ws/echo HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"), SocketFlags.None);
        var raw = new RawResponse(Encoding.Latin1.GetBytes(await RawHttp.ReadUntilAsync(socket, End, Wait)), ClosedByServer: false);
        return (raw.Status, raw.Body);
    }

    private async Task<ClientWebSocket> ConnectAsync(string peer, string path)
    {
        var ws = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Wait);
        await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{peers[peer].Port}{path}"), timeout.Token);
        return ws;
    }

    private static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(ClientWebSocket ws)
    {
        using var timeout = new CancellationTokenSource(Wait);
        using var message = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return (result.MessageType, message.ToArray());
        }
    }

    private static Task SayAsync(ClientWebSocket ws, string text) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private sealed record ChatMessage(string Room, long Seq, string Msg, long LagUs);

    /// <summary>Reads broadcasts until every message in <paramref name="texts"/> has arrived; returns those, in arrival order.</summary>
    private static async Task<List<ChatMessage>> ReadChatUntilAsync(ClientWebSocket ws, params string[] texts)
    {
        var seen = new List<ChatMessage>();
        while (!texts.All(t => seen.Any(m => m.Msg == t)))
        {
            var (type, data) = await ReceiveAsync(ws);
            long received = MonotonicClock.NowMicroseconds;
            Assert.Equal(WebSocketMessageType.Text, type);
            using var json = JsonDocument.Parse(data);
            var root = json.RootElement;
            Assert.Equal(["msg", "room", "seq", "t_us"], root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            var message = new ChatMessage(root.GetProperty("room").GetString()!, root.GetProperty("seq").GetInt64(),
                root.GetProperty("msg").GetString()!, received - root.GetProperty("t_us").GetInt64());
            if (texts.Contains(message.Msg)) seen.Add(message);
        }
        return seen;
    }
}
