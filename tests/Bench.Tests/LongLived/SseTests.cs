using System.Net.ServerSentEvents;
using System.Text.Json;
using Xunit;

namespace Bench.Tests.LongLived;

[Collection("long-lived load")]
public sealed class SseTests
{
    [Fact]
    public async Task Asgi_holds_1000_subscribers_with_every_event_in_order()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        using var client = NewClient(1100);
        var subscribers = Enumerable.Range(0, 1000).Select(_ => ReadIdsAsync(client, LongLivedTargets.Http(server, "/sse?events=30&interval_ms=100"))).ToArray();
        var results = await Task.WhenAll(subscribers).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var ids in results) Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), ids);
        var stats = await LongLivedTargets.WaitForStatsAsync(server, s => s.GetProperty("open_sse_streams").GetInt64() == 0);
        Assert.Equal(0, stats.GetProperty("open_sse_streams").GetInt64());
    }

    [Fact]
    public async Task Wsgi_serves_only_as_many_subscribers_as_threads_then_the_waiting_ones()
    {
        await using var server = await LongLivedTargets.StartAsync("wsgi", threads: 8);
        using var client = NewClient(64);
        var first = Enumerable.Range(0, 8).Select(_ => ReadIdsAsync(client, LongLivedTargets.Http(server, "/sse?events=12&interval_ms=100"))).ToArray();
        // In-process counters: with the pool full, the WSGI twin could not serve /stats either.
        await LongLivedTargets.WaitUntilAsync(() => server.Stats.OpenSseStreams == 8);
        var waitingStarted = Environment.TickCount64;
        var waiting = Enumerable.Range(0, 8).Select(_ => FirstEventTimeAsync(client, LongLivedTargets.Http(server, "/sse?events=3&interval_ms=10"))).ToArray();
        // Wait for the state under test, not for a while: all sixteen connections accepted, still only eight streams.
        bool Queued() => server.Stats.OpenConnections >= 16 && server.Stats.OpenSseStreams == 8;
        await LongLivedTargets.WaitUntilAsync(Queued, timeoutMs: 10_000);
        Assert.True(Queued(), $"open connections {server.Stats.OpenConnections}, streams {server.Stats.OpenSseStreams}");
        // The pool is full: /stats itself can't be served by the WSGI twin now, so look at the streams from the client side.
        Assert.All(waiting, w => Assert.False(w.IsCompleted, w.Exception?.ToString()));
        var firstDone = await Task.WhenAll(first);
        long firstEnded = Environment.TickCount64;
        var waitedFor = await Task.WhenAll(waiting);
        Assert.All(firstDone, ids => Assert.Equal(12, ids.Count));
        // Every waiting subscriber got its first event only after the first eight had ended (≈1.1 s of streaming).
        Assert.All(waitedFor, t => Assert.True(t >= firstEnded - 200 && t - waitingStarted >= 900, $"first event after {t - waitingStarted} ms"));
    }

    [Theory]
    [InlineData("asgi")]
    [InlineData("wsgi")]
    [InlineData("kestrel")]
    public async Task Reconnect_with_Last_Event_ID_resumes_after_it(string kind)
    {
        await using var server = await LongLivedTargets.StartAsync(kind);
        using var client = NewClient(4);
        using var request = new HttpRequestMessage(HttpMethod.Get, LongLivedTargets.Http(server, "/sse?events=8&interval_ms=5"));
        request.Headers.Add("Last-Event-ID", "5");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var ids = new List<long>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync()) ids.Add(long.Parse(item.EventId!));
        Assert.Equal([6, 7, 8], ids);
    }

    [Theory]
    [InlineData("asgi")]
    [InlineData("wsgi")]
    [InlineData("kestrel")]
    public async Task A_departed_subscriber_is_noticed_and_freed(string kind)
    {
        await using var server = await LongLivedTargets.StartAsync(kind, threads: 2);
        using (var client = NewClient(4))
        {
            using var response = await client.GetAsync(LongLivedTargets.Http(server, "/sse?events=0&interval_ms=50"), HttpCompletionOption.ResponseHeadersRead);
            var stream = await response.Content.ReadAsStreamAsync();
            _ = await stream.ReadAsync(new byte[64]);
            var open = await LongLivedTargets.WaitForStatsAsync(server, s => s.GetProperty("open_sse_streams").GetInt64() == 1);
            Assert.Equal(1, open.GetProperty("open_sse_streams").GetInt64());
        }
        var stats = await LongLivedTargets.WaitForStatsAsync(server, s => s.GetProperty("open_sse_streams").GetInt64() == 0, 3000);
        Assert.Equal(0, stats.GetProperty("open_sse_streams").GetInt64());
    }

    [Fact]
    public async Task Events_carry_sequence_and_server_timestamp()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        using var client = NewClient(4);
        using var response = await client.GetAsync(LongLivedTargets.Http(server, "/sse?events=3&interval_ms=1"), HttpCompletionOption.ResponseHeadersRead);
        var before = Bench.Servers.App.MonotonicClock.NowMicroseconds;
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            var data = JsonDocument.Parse(item.Data).RootElement;
            Assert.Equal(long.Parse(item.EventId!), data.GetProperty("seq").GetInt64());
            long stamp = data.GetProperty("t_us").GetInt64();
            Assert.InRange(stamp, before - 5_000_000, Bench.Servers.App.MonotonicClock.NowMicroseconds);
        }
    }

    internal static HttpClient NewClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    }) { Timeout = TimeSpan.FromSeconds(60) };

    private static async Task<List<long>> ReadIdsAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
        var ids = new List<long>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync()) ids.Add(long.Parse(item.EventId!));
        return ids;
    }

    private static async Task<long> FirstEventTimeAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
        await foreach (var _ in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            return Environment.TickCount64;
        }
        return long.MaxValue;
    }
}

[CollectionDefinition("long-lived load", DisableParallelization = true)]
public sealed class LongLivedLoadCollection;
