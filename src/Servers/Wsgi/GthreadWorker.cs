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
    private readonly AcceptBackoff _backoff;
    private readonly BlockingCollection<BlockingConnection> _ready = new();
    private readonly SemaphoreSlim _connectionSlots;
    // worker_connections, or fewer when the descriptor limit could not hold that many (DescriptorBudget).
    private readonly int _connectionLimit;
    private readonly bool _limitedByDescriptors;
    // One log line per pause: it ends once a quarter of the connections are gone, not at every slot that frees.
    private volatile bool _pausedForDescriptors;
    private readonly ConcurrentDictionary<BlockingConnection, byte> _open = new();
    // Connections with a request under way and no thread yet; the sweeper answers 408 at their deadline.
    private readonly ConcurrentDictionary<BlockingConnection, byte> _queued = new();
    private readonly Timer _sweeper;
    private readonly List<Thread> _threads = [];
    private volatile bool _stopping;

    public GthreadWorker(int index, Socket listener, WsgiOptions options, WsgiRequestHandler handler, ServerStats stats, AcceptBackoff backoff)
    {
        _backoff = backoff;
        _listener = listener;
        _options = options;
        _handler = handler;
        _stats = stats;
        _connectionLimit = DescriptorBudget.PerWorker(options.WorkerConnections, options.Workers, out _limitedByDescriptors);
        _connectionSlots = new SemaphoreSlim(_connectionLimit);
        for (int i = 0; i < options.Threads; i++)
        {
            _threads.Add(new Thread(RunPoolThread) { IsBackground = true, Name = $"wsgi-{index}-{i}" });
        }
        _threads.Add(new Thread(AcceptLoop) { IsBackground = true, Name = $"wsgi-{index}-accept" });
        _sweeper = new Timer(_ => ExpireQueued(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>How often the poller checks the header deadlines of queued connections.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(50);
    private static readonly byte[] ServerName = "bench-wsgi"u8.ToArray();

    public void Start()
    {
        _threads.ForEach(t => t.Start());
        _sweeper.Change(SweepInterval, SweepInterval);
    }

    public int Queued => _ready.Count;

    public void BeginStop()
    {
        _stopping = true;
        _sweeper.Dispose();
        _ready.CompleteAdding();
    }

    /// <summary>Closes whatever is still open after the grace period (idle keep-alive sockets first get closed here too).</summary>
    public void CloseAll()
    {
        foreach (var connection in _open.Keys) connection.Dispose();
    }

    private void AcceptLoop()
    {
        var delay = TimeSpan.Zero;
        while (!_stopping)
        {
            if (!_backoff.MayAccept())
            {
                // Descriptors are still short: leave the clients in the backlog a while longer.
                delay = AcceptBackoff.Next(delay);
                Thread.Sleep(delay);
                continue;
            }
            if (!_connectionSlots.Wait(0))
            {
                if (_limitedByDescriptors && !_pausedForDescriptors)
                {
                    _pausedForDescriptors = true;
                    Console.Error.WriteLine($"bench-wsgi: accept paused at {_connectionLimit} connections, the most the descriptor limit " +
                        $"({Bench.Native.LinuxNative.OpenFilesLimit()}) holds with {DescriptorBudget.Headroom} to spare; new clients wait in the backlog, open connections keep being served");
                }
                _connectionSlots.Wait();
            }
            Socket socket;
            try { socket = _listener.Accept(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                _connectionSlots.Release();
                if (_stopping) return;
                if (AcceptBackoff.IsExhaustion(e))
                {
                    delay = _backoff.Failed((SocketException)e, delay);
                    Thread.Sleep(delay);
                }
                continue;
            }
            delay = TimeSpan.Zero;
            _backoff.Accepted();
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

    /// <summary>
    /// A request's first byte is here (or already buffered): its header clock starts now, whether or not
    /// a thread is free, and it waits for one in the queue.
    /// </summary>
    private void Enqueue(BlockingConnection connection)
    {
        connection.StartHeadClock();
        _queued[connection] = 0;
        if (!_ready.TryAdd(connection)) { _queued.TryRemove(connection, out _); Close(connection); }
    }

    /// <summary>A pool thread takes a queued connection; false when the sweeper already answered it.</summary>
    private bool Claim(BlockingConnection connection) => _queued.TryRemove(connection, out _);

    /// <summary>
    /// The poller owns the header clock of queued connections: one whose head is still incomplete at its
    /// deadline gets 408 and is closed here, without waiting for a thread. A complete (or malformed) head
    /// stays queued for a thread to serve (or answer).
    /// </summary>
    private void ExpireQueued()
    {
        long now = Environment.TickCount64;
        foreach (var connection in _queued.Keys)
        {
            if (connection.HeadDeadline == 0 || connection.HeadDeadline > now) continue;
            if (!_queued.TryRemove(connection, out _)) continue;   // a thread took it meanwhile
            if (connection.HeadArrivedOrBroken())
            {
                // Back in the queue for a thread (a thread that skipped it meanwhile finds the new entry;
                // a stale extra entry is skipped by Claim).
                _queued[connection] = 0;
                if (!_ready.TryAdd(connection)) { _queued.TryRemove(connection, out _); Close(connection); }
                continue;
            }
            try { connection.Send(Http.ErrorResponse.Build(408, "request headers not received in time", ServerName)); }
            catch (ClientDisconnected) { }
            Close(connection);
        }
    }

    private void RunPoolThread()
    {
        var output = new ArrayBufferWriter<byte>(16 * 1024);
        foreach (var connection in _ready.GetConsumingEnumerable())
        {
            if (!Claim(connection)) continue;
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
        if (_connectionSlots.Release() + 1 >= _connectionLimit / 4) _pausedForDescriptors = false;
    }
}
