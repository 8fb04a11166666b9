using System.Diagnostics;

namespace Bench.Servers.Asgi;

/// <summary>
/// A timer of one event loop (asyncio's TimerHandle): it fires on the loop thread. A connection keeps one
/// and re-arms it for every wait, so however often its deadline moves it sits in the heap at most once
/// per earlier deadline, not once per request.
/// </summary>
internal sealed class LoopTimer(Action<object?> callback, object? state)
{
    /// <summary>When it should fire (Stopwatch ticks); long.MaxValue when disarmed.</summary>
    internal long Due = long.MaxValue;
    /// <summary>The earliest time it is queued at, or long.MaxValue when not in the heap.</summary>
    internal long Queued = long.MaxValue;

    internal void Fire() => callback(state);
}

/// <summary>
/// The loop's timer heap: call_later and sleeps. Re-arming to a later time leaves the queued entry in
/// place; when it comes up early it is queued again at the real deadline (lazy re-scheduling).
/// </summary>
internal sealed class LoopTimers
{
    private readonly PriorityQueue<LoopTimer, long> _heap = new();

    public static long Now => Stopwatch.GetTimestamp();

    public static long After(TimeSpan span) => Now + (long)(span.TotalSeconds * Stopwatch.Frequency);

    public void Arm(LoopTimer timer, long due)
    {
        timer.Due = due;
        if (due < timer.Queued)
        {
            timer.Queued = due;
            _heap.Enqueue(timer, due);
        }
    }

    public static void Disarm(LoopTimer timer) => timer.Due = long.MaxValue;

    /// <summary>Milliseconds until the next timer is due (rounded up), 0 if one is due, -1 if none.</summary>
    public int MillisecondsUntilNext()
    {
        while (_heap.TryPeek(out var timer, out long at))
        {
            if (at == timer.Queued && timer.Due != long.MaxValue)
            {
                // Until the head entry, which may be earlier than its timer's deadline: then it wakes
                // the loop once to be queued again, and no other timer's turn is missed.
                long ticks = Math.Max(0, at - Now);
                return (int)Math.Min(int.MaxValue, (ticks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
            }
            Drop();
        }
        return -1;
    }

    /// <summary>Fires every timer whose time has come; each is disarmed before its callback runs.</summary>
    public void RunDue(List<LoopTimer> scratch)
    {
        long now = Now;
        while (_heap.TryPeek(out var timer, out long at) && at <= now)
        {
            _heap.Dequeue();
            if (at != timer.Queued) continue;     // a stale entry: the timer was queued again earlier
            timer.Queued = long.MaxValue;
            if (timer.Due == long.MaxValue) continue;
            if (timer.Due > now) { Arm(timer, timer.Due); continue; }
            timer.Due = long.MaxValue;
            scratch.Add(timer);
        }
        // Callbacks run after the heap walk, so one that re-arms its own timer cannot loop here.
        foreach (var timer in scratch) timer.Fire();
        scratch.Clear();
    }

    private void Drop()
    {
        _heap.TryDequeue(out var timer, out long at);
        if (timer is not null && at == timer.Queued) timer.Queued = long.MaxValue;   // only disarmed timers are dropped
    }

    public int Count => _heap.Count;
}
