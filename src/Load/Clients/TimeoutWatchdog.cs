using Bench.Load.Clients.Transport;
using Bench.Load.Metrics;

namespace Bench.Load.Clients;

/// <summary>
/// Deadlines of <see cref="SocketTransport"/> connections, which have no event loop to scan
/// them: one timer for all of them, every <see cref="Period"/>. (Epoll connections are scanned
/// by their own loop.) The hot path only stores a deadline; an expired connection is shut
/// down from here, which fails its pending socket operation.
/// </summary>
public sealed class TimeoutWatchdog
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    public static TimeoutWatchdog Shared { get; } = new();

    private readonly Lock _lock = new();
    private readonly HashSet<SocketTransport> _connections = new(ReferenceEqualityComparer.Instance);
    private SocketTransport[] _snapshot = [];
    private bool _changed;
    private Timer? _timer;

    public void Add(SocketTransport connection)
    {
        lock (_lock)
        {
            _changed |= _connections.Add(connection);
            _timer ??= new Timer(_ => Scan(), null, Period, Period);
        }
    }

    public void Remove(SocketTransport connection)
    {
        lock (_lock) _changed |= _connections.Remove(connection);
    }

    private void Scan()
    {
        SocketTransport[] connections;
        lock (_lock)
        {
            if (_changed) (_snapshot, _changed) = (_connections.ToArray(), false);
            connections = _snapshot;
        }
        // Shutting down closes sockets; do it outside the lock so Add/Remove never wait on it.
        long now = Clock.Now;
        foreach (var c in connections) c.ExpireIfDue(now);
    }
}
