namespace Bench.Servers.Hosting;

/// <summary>
/// A model of CPython's global interpreter lock for <c>--gil</c>: application code runs while holding
/// it, blocking waits release it, and a holder that keeps it past the switch interval (5 ms, CPython's
/// default <c>sys.getswitchinterval()</c>) hands it to a waiting thread. A ticket lock, so a thread
/// that asked first gets it first, as CPython's forced switching guarantees.
/// Without <c>--gil</c> the <see cref="None"/> instance makes every call free.
/// </summary>
public sealed class Gil
{
    public static readonly Gil None = new(enabled: false);

    private readonly object _sync = new();
    private readonly bool _enabled;
    private readonly long _switchTicks;
    private long _nextTicket;
    private long _serving;
    private long _acquiredAt;
    private int _waiters;

    public Gil(bool enabled, TimeSpan? switchInterval = null)
    {
        _enabled = enabled;
        _switchTicks = (long)((switchInterval ?? TimeSpan.FromMilliseconds(5)).TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
    }

    public bool Enabled => _enabled;

    public void Acquire()
    {
        if (!_enabled) return;
        lock (_sync)
        {
            long ticket = _nextTicket++;
            _waiters++;
            while (_serving != ticket) Monitor.Wait(_sync);
            _waiters--;
            _acquiredAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }

    public void Release()
    {
        if (!_enabled) return;
        lock (_sync)
        {
            _serving++;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Called from CPU-bound loops: hands the lock over when the switch interval has passed and someone waits.</summary>
    public void Tick()
    {
        if (!_enabled || Volatile.Read(ref _waiters) == 0) return;
        if (System.Diagnostics.Stopwatch.GetTimestamp() - Volatile.Read(ref _acquiredAt) < _switchTicks) return;
        Release();
        Acquire();
    }

    /// <summary>A blocking wait (a database call, time.sleep): CPython releases the GIL around it.</summary>
    public void BlockingSleep(int milliseconds)
    {
        Release();
        try { Thread.Sleep(milliseconds); }
        finally { Acquire(); }
    }

    /// <summary>Runs <paramref name="blocking"/> without the lock (socket I/O inside app code).</summary>
    public T WithoutLock<T>(Func<T> blocking)
    {
        Release();
        try { return blocking(); }
        finally { Acquire(); }
    }
}
