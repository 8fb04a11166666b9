namespace Bench.Load.Engine;

/// <summary>
/// A virtual user that can wait until an exact moment on its own event loop. Open models use
/// it to send at the intended time: Task.Delay wakes on a millisecond timer and then hops to the
/// thread pool, and every microsecond of that lateness would be charged to the target in the
/// corrected latency.
/// </summary>
public interface IPreciseWait
{
    /// <summary>Completes at or just after <paramref name="timestamp"/> (Stopwatch ticks), never before; the result says nothing the caller needs.</summary>
    ValueTask<bool> WaitUntilAsync(long timestamp);
}
