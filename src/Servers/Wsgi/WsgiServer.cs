using System.Net;
using System.Net.Sockets;
using Bench.Servers.Hosting;

namespace Bench.Servers.Wsgi;

/// <summary>What the WSGI demo app gets from its server: the modelled GIL, counters, and the shutdown signal.</summary>
public sealed record WsgiRuntime(Gil Gil, ServerStats Stats, CancellationToken Stopping, int WebSocketMaxMessage = 16 * 1024 * 1024)
{
    /// <summary>The rooms of /ws/chat for the hijack mode.</summary>
    public App.ChatHub Chat { get; } = new();
}

/// <summary>The WSGI-style twin: thread-per-request over blocking sockets, in gunicorn's gthread or sync model.</summary>
public sealed class WsgiServer : IBenchServer
{
    private readonly WsgiOptions _options;
    private readonly WsgiApp _app;
    private readonly Gil _gil;
    private readonly List<GthreadWorker> _gthreadWorkers = [];
    private readonly List<SyncWorker> _syncWorkers = [];
    private Socket? _listener;
    private volatile bool _shuttingDown;

    private readonly CancellationTokenSource _stopping = new();

    public WsgiServer(WsgiOptions options, Func<WsgiRuntime, WsgiApp> appFactory)
    {
        _options = options;
        _gil = options.Gil ? new Gil(enabled: true) : Gil.None;
        int appThreads = options.Mode == WsgiMode.Gthread ? options.Threads * options.Workers : options.Workers;
        Stats = new ServerStats { Model = $"wsgi-{options.Mode.ToString().ToLowerInvariant()}", AppThreads = appThreads };
        _app = appFactory(new WsgiRuntime(_gil, Stats, _stopping.Token, options.WebSocketMaxMessage));
    }

    public WsgiServer(WsgiOptions options, Func<Gil, ServerStats, WsgiApp> appFactory)
        : this(options, runtime => appFactory(runtime.Gil, runtime.Stats))
    {
    }

    public int Port { get; private set; }
    public ServerStats Stats { get; }
    public Gil Gil => _gil;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        Http.HttpWarmup.Run();
        _listener = ListenerFactory.Bind(_options.Host, _options.Port, _options.Backlog);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        var handler = new WsgiRequestHandler(_app, _options, Stats, _gil, () => _shuttingDown);
        var backoff = new AcceptBackoff("bench-wsgi", Stats);
        for (int w = 0; w < _options.Workers; w++)
        {
            if (_options.Mode == WsgiMode.Gthread)
            {
                var worker = new GthreadWorker(w, _listener, _options, handler, Stats, backoff);
                _gthreadWorkers.Add(worker);
                worker.Start();
            }
            else
            {
                var worker = new SyncWorker(w, _listener, _options, handler, Stats, backoff);
                _syncWorkers.Add(worker);
                worker.Start();
            }
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(TimeSpan grace)
    {
        if (_shuttingDown) return;
        _shuttingDown = true;
        _listener?.Dispose();
        _stopping.Cancel();
        _gthreadWorkers.ForEach(w => w.BeginStop());
        _syncWorkers.ForEach(w => w.BeginStop());
        var deadline = DateTime.UtcNow + grace;
        while (Stats.ActiveRequests > 0 && DateTime.UtcNow < deadline) await Task.Delay(20).ConfigureAwait(false);
        _gthreadWorkers.ForEach(w => w.CloseAll());
        _syncWorkers.ForEach(w => w.CloseAll());
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
}
