using Bench.Servers.Hosting;

namespace Bench.Servers.Asgi;

/// <summary>
/// One uvicorn-like worker: an event-loop thread with its own listening socket, which runs lifespan,
/// accepts, and serves its connections. Workers share nothing but the process (and the GIL with --gil).
/// </summary>
internal sealed class AsgiWorker
{
    private readonly AsgiOptions _options;
    private readonly AsgiConnectionHandler _handler;
    private readonly AsgiLifespan _lifespan;
    private readonly Acceptor _acceptor;
    private readonly TaskCompletionSource<bool> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AsgiWorker(int index, int listenFd, AsgiApp app, AsgiOptions options, ServerStats stats, Gil gil, CancellationToken stopping)
    {
        _options = options;
        Context = new AsgiWorkerContext(new EventLoop($"asgi-loop-{index}", gil), stats) { Stopping = stopping };
        Context.WebSockets = new AsgiWebSocketHandler(app, options, stats, Context);
        _handler = new AsgiConnectionHandler(app, options, stats, Context);
        _lifespan = new AsgiLifespan(app, Context.State);
        _acceptor = new Acceptor(Context.Loop, listenFd, stats, Serve);
    }

    public AsgiWorkerContext Context { get; }

    /// <summary>Starts the loop; completes after lifespan startup with whether it succeeded.</summary>
    public Task<bool> StartAsync()
    {
        Context.Loop.Start();
        Context.Loop.Run(async () =>
        {
            bool ok = await _lifespan.StartupAsync();
            if (ok) _acceptor.Start();
            _started.TrySetResult(ok);
        });
        return _started.Task;
    }

    private void Serve(int fd)
    {
        AsyncConnection connection;
        try { connection = new AsyncConnection(Context.Loop, fd, _options.Limits); }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"bench-asgi: cannot watch a new connection: {e.Message}");
            Bench.Native.Sockets.Close(fd);
            return;
        }
        _ = _handler.RunAsync(connection);
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

    /// <summary>Closes the listening socket on the loop.</summary>
    public Task StopAcceptingAsync() => OnLoopAsync(() =>
    {
        _acceptor.Close();
        return Task.CompletedTask;
    });

    public Task ShutdownLifespanAsync() => OnLoopAsync(_lifespan.ShutdownAsync);

    public void StopLoop() => Context.Loop.Dispose();
}
