using System.Diagnostics;
using System.Net.Sockets;
using Bench.Servers.App;
using Bench.Servers.Wsgi;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// The WSGI twin's thread pool: a request holds its thread from first byte to last, so work beyond the
/// pool queues, and a thread is only given back when the request ends — also when the client left.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class WsgiThreadPoolTests
{
    [Fact]
    public async Task Wsgi_queues_requests_beyond_thread_count_and_serves_them_in_waves()
    {
        await using var target = await TestTargets.StartAsync(TestTargets.Wsgi, new TargetSettings { Threads = 4 });
        var client = target.CreateClient();
        // Warm up the JIT and the route on all four threads, so the timed waves measure waiting only.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetStringAsync("/users/1?wait_ms=50")));

        var clock = Stopwatch.StartNew();
        var done = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await client.GetAsync("/users/1?wait_ms=300");
            response.EnsureSuccessStatusCode();
            return clock.Elapsed.TotalMilliseconds;
        }));
        Array.Sort(done);

        // Wave one: four requests get a thread at once and finish after ~300 ms.
        // Wave two: four waited in the queue for a thread, so they cannot finish before ~600 ms.
        var described = $"completions at {string.Join(", ", done.Select(t => $"{t:F0}"))} ms";
        Assert.True(done[..4].All(t => t is >= 290 and < 480), $"four should finish in the first wave: {described}");
        Assert.True(done[4..].All(t => t is >= 560 and < 1500), $"four should queue and finish in the second wave: {described}");
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("close")]
    public async Task Wsgi_client_leaving_a_stream_disposes_the_iterable_and_frees_the_thread(string leave)
    {
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new WsgiServer(new WsgiOptions { Port = 0, Threads = 1 }, (gil, stats) =>
        {
            var demo = new WsgiDemoApp(gil, stats);
            return (environ, start) => (string)environ["PATH_INFO"]! == "/stream"
                ? new DisposeProbe(demo.Invoke(environ, start), () => disposed.TrySetResult())
                : demo.Invoke(environ, start);
        });
        await using var target = await TestTargets.StartAsync(TestTargets.Wsgi, server);

        using (var socket = await RawHttp.ConnectAsync(target.Port))
        {
            await socket.SendAsync("GET /stream?chunks=1000&interval_ms=20 HTTP/1.1\r\nHost: test\r\n\r\n"u8.ToArray(), SocketFlags.None);
            await RawHttp.ReadUntilAsync(socket, "chunk 0 ", TimeSpan.FromSeconds(5));
            Assert.Equal(1, target.Server.Stats.BusyThreads);
            if (leave == "reset") RawHttp.Abort(socket);
            else socket.Close();
        }

        // PEP 3333 close(): the server disposes the iterable when the client goes away mid-stream.
        await disposed.Task.WaitAsync(TimeSpan.FromSeconds(2));

        // The only thread is free again: the next request is served at once, not after 1000 chunks.
        var clock = Stopwatch.StartNew();
        var hello = await target.CreateClient(timeout: TimeSpan.FromSeconds(5)).GetStringAsync("/hello");
        Assert.Equal("Hello World", hello);
        Assert.InRange(clock.ElapsedMilliseconds, 0, 2000);
        await Eventually.EqualAsync(0, () => target.Server.Stats.BusyThreads);
        await Eventually.EqualAsync(0, () => target.Server.Stats.ActiveRequests);
    }

    /// <summary>A WSGI result that reports when the server disposes its enumerator (PEP 3333 close()).</summary>
    private sealed class DisposeProbe(IEnumerable<byte[]> inner, Action onDispose) : IEnumerable<byte[]>
    {
        public IEnumerator<byte[]> GetEnumerator() => new Enumerator(inner.GetEnumerator(), onDispose);

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private sealed class Enumerator(IEnumerator<byte[]> inner, Action onDispose) : IEnumerator<byte[]>
        {
            public byte[] Current => inner.Current;
            object System.Collections.IEnumerator.Current => Current;
            public bool MoveNext() => inner.MoveNext();
            public void Reset() => inner.Reset();

            public void Dispose()
            {
                inner.Dispose();
                onDispose();
            }
        }
    }
}
