using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Bench.Servers.App;
using Bench.Servers.Asgi;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// The ASGI twin's workers each own their descriptors: every app callback and every socket call of a
/// worker runs on that worker's loop thread, and a loop blocked by the app stalls only its own connections.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class AsgiLoopOwnershipTests
{
    [Fact]
    public async Task Every_app_callback_and_socket_call_of_a_worker_runs_on_its_loop_thread()
    {
        var calls = new ConcurrentQueue<(string What, string Scope, int Thread)>();
        AsgiApp demo = null!;
        // Wraps the demo app: records the thread of the app call itself and of every receive/send, before and after its await.
        async Task Probe(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send)
        {
            string name = $"{scope["type"]} {scope.GetValueOrDefault("path")} #{Guid.NewGuid():N}";
            calls.Enqueue(("app", name, Environment.CurrentManagedThreadId));
            await demo(scope, async () =>
            {
                calls.Enqueue(("receive", name, Environment.CurrentManagedThreadId));
                var message = await receive();
                calls.Enqueue(("receive done", name, Environment.CurrentManagedThreadId));
                return message;
            }, async message =>
            {
                calls.Enqueue(("send", name, Environment.CurrentManagedThreadId));
                await send(message);
                calls.Enqueue(("send done", name, Environment.CurrentManagedThreadId));
            });
            calls.Enqueue(("app done", name, Environment.CurrentManagedThreadId));
        }
        // Pings every ~200 ms, so the WebSocket's keep-alive timer (a .NET timer thread) has to write too.
        var options = new AsgiOptions { Port = 0, Workers = 2, WebSocketPingInterval = TimeSpan.FromMilliseconds(200) };
        var server = new AsgiServer(options, runtime => { demo = new AsgiDemoApp(runtime).Invoke; return Probe; });
        await using var target = await TestTargets.StartAsync(TestTargets.Asgi, server);
        var loops = server.Workers.Select(w => w.Context.Loop).ToArray();
        foreach (var loop in loops) loop.Audit = new ThreadAudit(loop.ManagedThreadId);
        var loopThreads = loops.Select(l => l.ManagedThreadId).ToHashSet();

        var client = target.CreateClient();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            Assert.Equal("Hello World", await client.GetStringAsync("/hello"));
            await client.GetStringAsync("/users/1?wait_ms=20");                       // a loop timer
            await client.GetStringAsync("/offload?wait_ms=20");                       // completed by a pool thread
            using var upload = await client.PostAsync("/upload", new ByteArrayContent(new byte[200_000]));
            upload.EnsureSuccessStatusCode();
            Assert.Contains("chunk", await client.GetStringAsync("/stream?chunks=3&interval_ms=5&size=100000"), StringComparison.Ordinal);
            Assert.Contains("id: 3", await client.GetStringAsync("/sse?events=3&interval_ms=5"), StringComparison.Ordinal);
        }));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var ws = new ClientWebSocket();
            await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{target.Port}/ws/echo"), CancellationToken.None);
            for (int m = 0; m < 3; m++)
            {
                await ws.SendAsync(Encoding.UTF8.GetBytes($"m{m}"), WebSocketMessageType.Text, true, CancellationToken.None);
                await Bench.Tests.LongLived.AsgiWebSocketTests.ReceiveWholeAsync(ws);
                await Task.Delay(250);   // long enough for a server ping in between
            }
            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }));
        client.Dispose();
        await Eventually.EqualAsync(0L, () => target.Server.Stats.OpenConnections, TimeSpan.FromSeconds(5));

        var byScope = calls.Where(c => !c.Scope.StartsWith("lifespan", StringComparison.Ordinal)).GroupBy(c => c.Scope).ToList();
        Assert.True(byScope.Count >= 130, $"only {byScope.Count} app calls were recorded");
        Assert.All(byScope, scope =>
        {
            var threads = scope.Select(c => c.Thread).Distinct().ToList();
            Assert.True(threads.Count == 1 && loopThreads.Contains(threads[0]),
                $"{scope.Key} ran on threads {string.Join(",", threads)}; the loops are {string.Join(",", loopThreads)}");
        });
        foreach (var loop in loops)
        {
            var audit = loop.Audit!;
            Assert.Empty(audit.OffLoop);
            Assert.All(new[] { "accept", "recv", "send", "close" }, call => Assert.True(audit.OnLoop.GetValueOrDefault(call) > 0,
                $"loop {loop.ManagedThreadId} made no {call} call: {string.Join(", ", audit.OnLoop)}"));
        }
    }

    [Fact]
    public async Task Blocking_call_stalls_its_own_loop_while_the_other_worker_keeps_serving()
    {
        await using var target = await TestTargets.StartAsync(TestTargets.Asgi, new TargetSettings { Workers = 2 });
        // SO_REUSEPORT spreads connections by a hash: open some and sort them by the loop that serves them.
        var byLoop = new Dictionary<int, List<KeepAliveClient>>();
        for (int i = 0; i < 40 && !(byLoop.Count == 2 && byLoop.Values.Min(l => l.Count) >= 1 && byLoop.Values.Max(l => l.Count) >= 2); i++)
        {
            var connection = await KeepAliveClient.ConnectAsync(target.Port);
            using var json = JsonDocument.Parse(await connection.GetAsync("/whoami?wait_ms=0"));
            int loop = json.RootElement.GetProperty("thread_before").GetInt32();
            (byLoop.TryGetValue(loop, out var list) ? list : byLoop[loop] = []).Add(connection);
        }
        Assert.True(byLoop.Count == 2, "40 connections all landed on one worker");
        var blockedLoop = byLoop.First(kv => kv.Value.Count >= 2).Value;
        var otherLoop = byLoop.First(kv => kv.Value != blockedLoop).Value;

        long started = target.Server.Stats.TotalRequests;
        var clock = Stopwatch.StartNew();
        var blocking = Finished(blockedLoop[0].GetAsync("/blocking?wait_ms=800"), clock);
        // The next requests go out once the loop has begun /blocking (the server counts it started), not after a while.
        await Eventually.EqualAsync(started + 1, () => target.Server.Stats.TotalRequests, TimeSpan.FromSeconds(10));
        var sameLoop = Finished(blockedLoop[1].GetAsync("/hello"), clock);
        var otherWorker = Finished(otherLoop[0].GetAsync("/hello"), clock);

        var (blockingBody, blockingDone) = await blocking;
        var (sameBody, sameDone) = await sameLoop;
        var (otherBody, otherDone) = await otherWorker;
        Assert.Contains("\"mode\":\"blocking\"", blockingBody, StringComparison.Ordinal);
        Assert.Equal("Hello World", sameBody);
        Assert.Equal("Hello World", otherBody);
        // Causal order, not a time limit: the blocked loop answers its second connection only after the
        // blocking call returns; the other worker answered while it was still blocked.
        Assert.True(sameDone >= blockingDone, $"same-loop /hello at {sameDone} ms, /blocking at {blockingDone} ms");
        Assert.True(otherDone < blockingDone, $"other worker's /hello at {otherDone} ms, /blocking at {blockingDone} ms");
        foreach (var connection in byLoop.Values.SelectMany(l => l)) connection.Dispose();
    }

    private static async Task<(string Body, long DoneMs)> Finished(Task<string> request, Stopwatch clock)
    {
        var body = await request;
        return (body, clock.ElapsedMilliseconds);
    }

    /// <summary>One kept-alive HTTP/1.1 connection, so a test knows which loop each request is served by.</summary>
    private sealed class KeepAliveClient : IDisposable
    {
        private readonly Socket _socket;
        private readonly NetworkStream _stream;

        private KeepAliveClient(Socket socket)
        {
            _socket = socket;
            _stream = new NetworkStream(socket);
        }

        public static async Task<KeepAliveClient> ConnectAsync(int port) => new(await RawHttp.ConnectAsync(port));

        /// <summary>GET on this connection; the body (Content-Length framed, as the demo app's are).</summary>
        public async Task<string> GetAsync(string path)
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"));
            var received = new List<byte>();
            var buffer = new byte[4096];
            while (true)
            {
                int n = await _stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                if (n == 0) throw new IOException("server closed the connection");
                received.AddRange(buffer.AsSpan(0, n));
                var text = Encoding.Latin1.GetString(received.ToArray());
                int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0) continue;
                var length = System.Text.RegularExpressions.Regex.Match(text[..end], "content-length: *([0-9]+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
                int bodyLength = int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (received.Count >= end + 4 + bodyLength) return text.Substring(end + 4, bodyLength);
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _socket.Dispose();
        }
    }
}
