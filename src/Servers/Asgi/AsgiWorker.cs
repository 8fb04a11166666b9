using System.Net.Sockets;
using Bench.Servers.Hosting;

namespace Bench.Servers.Asgi;

/// <summary>One uvicorn-like worker: an event loop that runs lifespan, accepts, and serves its connections.</summary>
internal sealed class AsgiWorker
{
    private readonly Socket _listener;
    private readonly AsgiOptions _options;
    private readonly AsgiConnectionHandler _handler;
    private readonly AsgiLifespan _lifespan;
    private readonly TaskCompletionSource<bool> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AsgiWorker(int index, Socket listener, AsgiApp app, AsgiOptions options, ServerStats stats, Gil gil, CancellationToken stopping)
    {
        _listener = listener;
        _options = options;
        Context = new AsgiWorkerContext(new EventLoop($"asgi-loop-{index}", gil)) { Stopping = stopping };
        Context.WebSockets = new AsgiWebSocketHandler(app, options, stats, Context);
        _handler = new AsgiConnectionHandler(app, options, stats, Context);
        _lifespan = new AsgiLifespan(app, Context.State);
    }

    public AsgiWorkerContext Context { get; }

    /// <summary>Starts the loop; completes after lifespan startup with whether it succeeded.</summary>
    public Task<bool> StartAsync()
    {
        Context.Loop.Start();
        Context.Loop.Run(async () =>
        {
            bool ok = await _lifespan.StartupAsync();
            _started.TrySetResult(ok);
            if (ok) await AcceptLoopAsync();
        });
        return _started.Task;
    }

    private async Task AcceptLoopAsync()
    {
        while (!Context.ShuttingDown)
        {
            Socket socket;
            try { socket = await _listener.AcceptAsync(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (Context.ShuttingDown) return;
                continue;
            }
            _ = _handler.RunAsync(new AsyncConnection(socket, _options.Limits));
        }
    }

    /// <summary>Runs <paramref name="action"/> on the loop and waits for it.</summary>
    public Task OnLoopAsync(Func<Task> action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Context.Loop.Run(async () =>
        {
            try { await action(); done.TrySetResult(); }
            catch (Exception e) { done.TrySetException(e); }
        });
        return done.Task;
    }

    public Task ShutdownLifespanAsync() => OnLoopAsync(_lifespan.ShutdownAsync);

    public void StopLoop() => Context.Loop.Stop();
}
