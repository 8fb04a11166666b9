using Bench.Load.Metrics;

namespace Bench.Load.Scenarios.Net;

/// <summary>Something with a deadline the watchdog enforces by closing it.</summary>
public interface IExpiring
{
    /// <summary>Closes the connection if its deadline (Stopwatch ticks, 0 = none) has passed.</summary>
    void ExpireIfDue(long now);
}

/// <summary>
/// Connect, handshake and read timeouts for every session of a scenario from one timer, instead
/// of a CancellationTokenSource per read: sessions only store a deadline, and an expired one is
/// closed from here, which fails its pending read. The lock is taken when a session starts or
/// ends and once per scan, never per message.
/// </summary>
public sealed class SessionWatchdog : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private readonly HashSet<IExpiring> _sessions = new(ReferenceEqualityComparer.Instance);
    private readonly Timer _timer;
    private IExpiring[] _snapshot = [];
    private bool _changed;

    public SessionWatchdog() => _timer = new Timer(_ => Scan(), null, Period, Period);

    public void Add(IExpiring session)
    {
        lock (_lock) _changed |= _sessions.Add(session);
    }

    public void Remove(IExpiring session)
    {
        lock (_lock) _changed |= _sessions.Remove(session);
    }

    private void Scan()
    {
        IExpiring[] sessions;
        lock (_lock)
        {
            if (_changed) (_snapshot, _changed) = (_sessions.ToArray(), false);
            sessions = _snapshot;
        }
        // Expiring closes sockets; do it outside the lock so Add/Remove never wait on it.
        long now = Clock.Now;
        foreach (var s in sessions) s.ExpireIfDue(now);
    }

    public void Dispose() => _timer.Dispose();
}
