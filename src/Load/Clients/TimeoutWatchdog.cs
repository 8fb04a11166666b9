using Bench.Load.Metrics;

namespace Bench.Load.Clients;

/// <summary>
/// Enforces connect and response timeouts for every connection from one timer, instead of a
/// CancellationTokenSource per request: the hot path only stores a deadline (no allocation,
/// no callback registration), and an expired connection is closed from here, which fails its
/// pending socket operation. Resolution is <see cref="Period"/>.
/// </summary>
public sealed class TimeoutWatchdog : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    private readonly Lock _lock = new();
    private readonly List<HttpConnection> _connections = [];
    private readonly Timer _timer;

    public TimeoutWatchdog() => _timer = new Timer(_ => Scan(), null, Period, Period);

    public void Add(HttpConnection connection)
    {
        lock (_lock) _connections.Add(connection);
    }

    public void Remove(HttpConnection connection)
    {
        lock (_lock)
        {
            int i = _connections.IndexOf(connection);
            if (i < 0) return;
            // Order does not matter: swap with the last to keep removal O(1) after the search.
            _connections[i] = _connections[^1];
            _connections.RemoveAt(_connections.Count - 1);
        }
    }

    private void Scan()
    {
        long now = Clock.Now;
        lock (_lock)
        {
            foreach (var c in _connections) c.ExpireIfDue(now);
        }
    }

    public void Dispose() => _timer.Dispose();
}
