using System.Net;
using Bench.Servers.Hosting;

namespace Bench.Servers.Asgi;

/// <summary>
/// The ASGI-style twin: N event loops, each one thread with its own epoll and its own listening socket
/// bound with SO_REUSEPORT, so the kernel spreads new connections over the loops. uvicorn's
/// <c>--workers</c> are processes; here they are threads of one process with separate loops
/// (several processes can still share the port with <c>--reuse-port</c>).
/// </summary>
public sealed class AsgiServer : IBenchServer
{
    private readonly AsgiOptions _options;
    private readonly AsgiApp _app;
    private readonly Gil _gil;
    private readonly List<AsgiWorker> _workers = [];
    private readonly CancellationTokenSource _stopping = new();
    private bool _stopped;

    public AsgiServer(AsgiOptions options, Func<AsgiRuntime, AsgiApp> appFactory)
    {
        _options = options;
        _gil = options.Gil ? new Gil(enabled: true) : Gil.None;
        Stats = new ServerStats { Model = "asgi", AppThreads = options.Workers };
        _app = appFactory(new AsgiRuntime(_gil, Stats, new ThreadPoolOffload(options.OffloadThreads, _gil), _stopping.Token));
    }

    public int Port { get; private set; }
    public ServerStats Stats { get; }
    internal IReadOnlyList<AsgiWorker> Workers => _workers;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Http.HttpWarmup.Run();
        var listeners = ListenerFactory.BindNative(_options.Host, _options.Port, _options.Backlog, _options.Workers, _options.ReusePort);
        Port = Bench.Native.Sockets.LocalEndPoint(listeners[0])!.Port;
        for (int i = 0; i < _options.Workers; i++)
        {
            var worker = new AsgiWorker(i, listeners[i], _app, _options, Stats, _gil, _stopping.Token);
            _workers.Add(worker);
        }
        var started = await Task.WhenAll(_workers.Select(w => w.StartAsync()));
        if (started.Any(ok => !ok)) throw new IOException("ASGI lifespan startup failed");
    }

    /// <summary>
    /// uvicorn's shutdown: close the listener, close WebSockets with 1012, end streams, let in-flight
    /// requests finish up to the grace period, close the rest, then run lifespan shutdown.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_stopped) return;
        _stopped = true;
        foreach (var worker in _workers) worker.Context.ShuttingDown = true;
        await Task.WhenAll(_workers.Select(w => w.StopAcceptingAsync())).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _stopping.Cancel();
        foreach (var worker in _workers)
        {
            await worker.OnLoopAsync(() => Task.WhenAll(worker.Context.WebSocketSessions.ToList().Select(s => s.ShutdownAsync())))
                .WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        var deadline = DateTime.UtcNow + grace;
        while (Stats.ActiveRequests > 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        foreach (var worker in _workers)
        {
            await worker.OnLoopAsync(() =>
            {
                foreach (var connection in worker.Context.Connections.ToList()) connection.Dispose();
                return Task.CompletedTask;
            });
            await worker.ShutdownLifespanAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            worker.StopLoop();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(2));
}

/// <summary>What the ASGI demo app gets from its server: the modelled GIL, the counters and the offload pool.</summary>
public sealed record AsgiRuntime(Gil Gil, ServerStats Stats, ThreadPoolOffload Offload, CancellationToken Stopping)
{
    /// <summary>The rooms of /ws/chat, shared by the loops of this server.</summary>
    public App.ChatHub Chat { get; } = new();

    /// <summary>asyncio.sleep: on a loop, a timer of the loop's own heap that resumes the caller there; elsewhere a .NET timer.</summary>
    public static Task Sleep(int milliseconds) =>
        EventLoop.Running is { } loop ? loop.Delay(TimeSpan.FromMilliseconds(milliseconds)) : Task.Delay(milliseconds);

    /// <summary>A periodic wait: on a loop, one timer of the loop's own heap for its whole life; elsewhere a .NET PeriodicTimer.</summary>
    public static ITicker Every(TimeSpan period) =>
        EventLoop.Running is { } loop ? new LoopTicker(loop, period) : new PeriodicTicker(period);
}
