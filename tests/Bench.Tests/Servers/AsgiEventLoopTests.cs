using System.Diagnostics;
using System.Text.Json;
using Bench.Servers.Asgi;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// The ASGI twin's event loop: one thread per worker runs every callback and all app code, awaited waits
/// overlap on it, and a blocking call inside the app stalls every connection of that loop.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class AsgiEventLoopTests
{
    [Fact]
    public async Task Asgi_runs_every_app_callback_of_a_worker_on_the_loop_thread()
    {
        await using var target = await TestTargets.StartAsync(TestTargets.Asgi, new TargetSettings { Workers = 1 });
        int loopThread = ((AsgiServer)target.Server).Workers[0].Context.Loop.ManagedThreadId;
        var client = target.CreateClient();

        // Many requests in flight at once: each resumes after an awaited timer, and all land on one thread.
        var reports = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => WhoAmIAsync(client)));

        Assert.All(reports, r => Assert.Equal((loopThread, loopThread), r));
    }

    [Fact]
    public async Task Asgi_runs_each_request_on_one_of_its_loop_threads_with_two_workers()
    {
        await using var target = await TestTargets.StartAsync(TestTargets.Asgi, new TargetSettings { Workers = 2 });
        var loops = ((AsgiServer)target.Server).Workers.Select(w => w.Context.Loop.ManagedThreadId).ToArray();
        var client = target.CreateClient();

        var reports = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => WhoAmIAsync(client)));

        Assert.All(reports, r =>
        {
            Assert.Equal(r.Before, r.After);
            Assert.Contains(r.Before, loops);
        });
    }

    [Fact]
    public async Task Asgi_serves_200_concurrent_waits_on_one_loop_in_under_a_second()
    {
        await using var target = await TestTargets.StartAsync(TestTargets.Asgi, new TargetSettings { Workers = 1 });
        var client = target.CreateClient(maxConnections: 256);
        // Warm-up that overlaps too, so 200 keep-alive connections are open and the route is compiled:
        // the timed round then measures how the loop overlaps waits, not TCP handshakes or the JIT.
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => client.GetStringAsync("/users/1?wait_ms=100")));

        var clock = Stopwatch.StartNew();
        var bodies = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => client.GetStringAsync("/users/1?wait_ms=300")));
        var elapsed = clock.Elapsed;

        Assert.All(bodies, b => Assert.Contains("\"waited_ms\":300", b, StringComparison.Ordinal));
        // One thread, 200 waits of 300 ms: sequential would take 60 s; overlapped, about 300 ms.
        Assert.InRange(elapsed.TotalMilliseconds, 300, 1000);
    }

    [Fact]
    public async Task Asgi_blocking_call_delays_a_concurrent_request_on_the_same_loop()
    {
        await using var target = await TestTargets.StartAsync(TestTargets.Asgi, new TargetSettings { Workers = 1 });
        var (slow, hello) = await HelloDuringAsync(target, "/blocking?wait_ms=500");

        Assert.True(slow >= TimeSpan.FromMilliseconds(490), $"/blocking took {slow.TotalMilliseconds:F0} ms");
        Assert.True(hello >= TimeSpan.FromMilliseconds(400), $"/hello took {hello.TotalMilliseconds:F0} ms behind /blocking");
    }

    [Fact]
    public async Task Asgi_offloaded_blocking_call_leaves_the_loop_free()
    {
        await using var target = await TestTargets.StartAsync(TestTargets.Asgi, new TargetSettings { Workers = 1 });
        var (slow, hello) = await HelloDuringAsync(target, "/offload?wait_ms=500");

        Assert.True(slow >= TimeSpan.FromMilliseconds(490), $"/offload took {slow.TotalMilliseconds:F0} ms");
        Assert.True(hello < TimeSpan.FromMilliseconds(200), $"/hello took {hello.TotalMilliseconds:F0} ms beside /offload");
    }

    /// <summary>
    /// Sends <paramref name="slowPath"/>, then /hello 30 ms later on another (already open) connection of
    /// the same loop; returns how long each took.
    /// </summary>
    private static async Task<(TimeSpan Slow, TimeSpan Hello)> HelloDuringAsync(TestTarget target, string slowPath)
    {
        var slowClient = target.CreateClient();
        var helloClient = target.CreateClient();
        var warmPath = slowPath[..slowPath.IndexOf('?')] + "?wait_ms=0";
        await slowClient.GetStringAsync(warmPath);
        await helloClient.GetStringAsync("/hello");

        var slowClock = Stopwatch.StartNew();
        var slow = Task.Run(async () =>
        {
            using var response = await slowClient.GetAsync(slowPath);
            response.EnsureSuccessStatusCode();
            return slowClock.Elapsed;
        });
        await Task.Delay(30);
        var helloClock = Stopwatch.StartNew();
        Assert.Equal("Hello World", await helloClient.GetStringAsync("/hello"));
        var hello = helloClock.Elapsed;
        return (await slow, hello);
    }

    private static async Task<(int Before, int After)> WhoAmIAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/whoami?wait_ms=20"));
        return (json.RootElement.GetProperty("thread_before").GetInt32(), json.RootElement.GetProperty("thread_after").GetInt32());
    }
}
