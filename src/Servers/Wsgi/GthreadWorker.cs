using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Bench.Servers.Hosting;

namespace Bench.Servers.Wsgi;

/// <summary>
/// gunicorn's gthread worker: an acceptor hands connections to a poller, the poller hands readable ones
/// to a fixed pool of OS threads through a queue, and a served keep-alive connection goes back to the
/// poller for <c>keepalive</c> seconds. When every thread is busy, ready connections wait in the queue;
/// past <c>worker_connections</c> the acceptor stops and new clients wait in the kernel's backlog.
/// The "poller" is a zero-byte receive per idle socket, which .NET parks on epoll without a thread.
/// </summary>
internal sealed class GthreadWorker
{
    private readonly Socket _listener;
    private readonly WsgiOptions _options;
    private readonly WsgiRequestHandler _handler;
    private readonly ServerStats _stats;
    private readonly BlockingCollection<BlockingConnection> _ready = new();
    private readonly SemaphoreSlim _connectionSlots;
    private readonly ConcurrentDictionary<BlockingConnection, byte> _open = new();
    private readonly List<Thread> _threads = [];
    private volatile bool _stopping;

    public GthreadWorker(int index, Socket listener, WsgiOptions options, WsgiRequestHandler handler, ServerStats stats)
    {
        _listener = listener;
        _options = options;
        _handler = handler;
        _stats = stats;
        _connectionSlots = new SemaphoreSlim(options.WorkerConnections);
        for (int i = 0; i < options.Threads; i++)
        {
            _threads.Add(new Thread(RunPoolThread) { IsBackground = true, Name = $"wsgi-{index}-{i}" });
        }
        _threads.Add(new Thread(AcceptLoop) { IsBackground = true, Name = $"wsgi-{index}-accept" });
    }

    public void Start() => _threads.ForEach(t => t.Start());

    public int Queued => _ready.Count;

    public void BeginStop()
    {
        _stopping = true;
        _ready.CompleteAdding();
    }

    /// <summary>Closes whatever is still open after the grace period (idle keep-alive sockets first get closed here too).</summary>
    public void CloseAll()
    {
        foreach (var connection in _open.Keys) connection.Dispose();
    }

    private void AcceptLoop()
    {
        while (!_stopping)
        {
            _connectionSlots.Wait();
            Socket socket;
            try { socket = _listener.Accept(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                _connectionSlots.Release();
                if (_stopping) return;
                continue;
            }
            var connection = new BlockingConnection(socket, _options.Limits);
            _open[connection] = 0;
            _stats.ConnectionOpened();
            WatchForRequest(connection, _options.Limits.HeaderTimeout);
        }
    }

    private void WatchForRequest(BlockingConnection connection, TimeSpan idleTimeout)
    {
        if (!connection.Input.IsEmpty) { Enqueue(connection); return; }
        _ = WatchAsync(connection, idleTimeout);
    }

    private async Task WatchAsync(BlockingConnection connection, TimeSpan idleTimeout)
    {
        using var timeout = new CancellationTokenSource(idleTimeout);
        try
        {
            await connection.Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            Enqueue(connection);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            Close(connection);
        }
    }

    private void Enqueue(BlockingConnection connection)
    {
        if (!_ready.TryAdd(connection)) Close(connection);
    }

    private void RunPoolThread()
    {
        var output = new ArrayBufferWriter<byte>(16 * 1024);
        foreach (var connection in _ready.GetConsumingEnumerable())
        {
            _stats.ThreadBusy();
            bool keep;
            try { keep = _handler.Serve(connection, output); }
            catch (Exception e)
            {
                Console.Error.WriteLine($"bench-wsgi: connection error: {e.GetType().Name}: {e.Message}");
                keep = false;
            }
            finally { _stats.ThreadIdle(); }

            if (keep && !_stopping) WatchForRequest(connection, _options.KeepAlive);
            else Close(connection);
            if (output.Capacity > 1 << 20) output = new ArrayBufferWriter<byte>(16 * 1024);
        }
    }

    private void Close(BlockingConnection connection)
    {
        if (!_open.TryRemove(connection, out _)) return;
        connection.Dispose();
        _stats.ConnectionClosed();
        _connectionSlots.Release();
    }
}
