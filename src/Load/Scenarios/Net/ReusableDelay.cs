using System.Threading.Tasks.Sources;

namespace Bench.Load.Scenarios.Net;

/// <summary>
/// A delay a session awaits again and again without allocating: one Timer per session, re-armed
/// with <see cref="Timer.Change(TimeSpan, TimeSpan)"/>, completing a reusable value-task source.
/// 10,000 WebSocket clients at 1 msg/s would otherwise allocate 10,000 Task.Delay timers a second.
/// <see cref="Wake"/> ends a wait early (the hold is over).
/// </summary>
public sealed class ReusableDelay : IValueTaskSource<bool>, IDisposable
{
    private readonly Timer _timer;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _pending;
    private volatile bool _woken;

    public ReusableDelay() => _timer = new Timer(static s => ((ReusableDelay)s!).Complete(true), this, Timeout.Infinite, Timeout.Infinite);

    /// <summary>True once <see cref="Wake"/> was called: every later wait returns false at once.</summary>
    public bool Woken => _woken;

    /// <summary>Waits <paramref name="delay"/> (rounded up to whole milliseconds); false if woken early. One wait at a time.</summary>
    public ValueTask<bool> WaitAsync(TimeSpan delay)
    {
        if (_woken) return ValueTask.FromResult(false);
        _core.Reset();
        Volatile.Write(ref _pending, 1);
        // Round up: waking early would send early, which no latency correction can undo.
        long ms = Math.Max(1, (long)Math.Ceiling(delay.TotalMilliseconds));
        _timer.Change(ms, Timeout.Infinite);
        if (_woken) Complete(false);
        return new ValueTask<bool>(this, _core.Version);
    }

    public void Wake()
    {
        _woken = true;
        Complete(false);
    }

    private void Complete(bool elapsed)
    {
        if (Interlocked.Exchange(ref _pending, 0) == 1) _core.SetResult(elapsed);
    }

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public void Dispose() => _timer.Dispose();
}
