namespace Bench.Load.Clients.Transport;

/// <summary>
/// What every transport does the same way: the connection's deadline (<see cref="Deadline"/>),
/// which the user arms and disarms and a watchdog (the event loop's scan, or
/// <see cref="TimeoutWatchdog"/> for sockets) enforces by shutting the connection down.
/// </summary>
public abstract class TransportBase
{
    private Deadline _deadline;

    public void Arm(long ticks) => _deadline.Arm(ticks);

    public bool Disarm() => _deadline.Disarm();

    public bool TimedOut => _deadline.TimedOut;

    public void ResetDeadline() => _deadline.Reset();

    /// <summary>Called by the watchdog with the current time: shuts the connection down if its deadline has passed.</summary>
    internal void ExpireIfDue(long now)
    {
        if (_deadline.ExpireIfDue(now)) Shutdown();
    }

    public abstract void Shutdown();
}
