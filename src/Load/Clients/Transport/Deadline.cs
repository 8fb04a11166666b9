using Bench.Load.Metrics;

namespace Bench.Load.Clients.Transport;

/// <summary>
/// A connection's timeout as one number the user stores and the watchdog reads: 0 when
/// disarmed, a Stopwatch timestamp while armed, -1 once expired. Arming costs one write, so
/// the hot path needs no CancellationTokenSource and no timer registration per request.
/// </summary>
internal struct Deadline
{
    private const long Disarmed = 0;
    private const long Expired = -1;

    private long _value;

    public void Arm(long ticks) => Volatile.Write(ref _value, Clock.Now + ticks);

    public bool Disarm()
    {
        while (true)
        {
            long d = Volatile.Read(ref _value);
            if (d == Expired) return false;
            if (Interlocked.CompareExchange(ref _value, Disarmed, d) == d) return true;
        }
    }

    public readonly bool TimedOut => Volatile.Read(in _value) == Expired;

    public void Reset() => Volatile.Write(ref _value, Disarmed);

    /// <summary>True exactly once, when an armed deadline is found past <paramref name="now"/>: the caller shuts the connection.</summary>
    public bool ExpireIfDue(long now)
    {
        long d = Volatile.Read(ref _value);
        return d > 0 && now > d && Interlocked.CompareExchange(ref _value, Expired, d) == d;
    }
}
