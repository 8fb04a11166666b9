using System.Diagnostics;

namespace Bench.Servers.Asgi;

/// <summary>
/// A ticker on one event loop's timer heap: one <see cref="LoopTimer"/> and one reusable awaitable for
/// its whole life, so a stream that waits every second allocates nothing per wait, and a tick resumes
/// its waiter on the loop thread in the loop's turn (a .NET PeriodicTimer fires on the timer thread and
/// posts back through the loop's queue, and keeps a timer-queue entry per stream besides).
/// </summary>
internal sealed class LoopTicker : ITicker
{
    private readonly EventLoop _loop;
    private readonly long _period;
    private readonly LoopTimer _timer;
    private readonly LoopSignal<bool> _tick = new();
    private long _due;
    private bool _waiting;
    private bool _ticked;
    private bool _stopped;

    /// <summary>Call on the loop.</summary>
    public LoopTicker(EventLoop loop, TimeSpan period)
    {
        if (period <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), period, "must be positive");
        _loop = loop;
        _period = Math.Max(1, (long)(period.TotalSeconds * Stopwatch.Frequency));
        _timer = new LoopTimer(static s => ((LoopTicker)s!).Tick(), this);
        _due = LoopTimers.Now + _period;
        loop.Arm(_timer, _due);
    }

    /// <summary>Call on the loop.</summary>
    public ValueTask<bool> WaitForNextTickAsync()
    {
        if (_stopped) return new(false);
        if (_ticked)
        {
            _ticked = false;
            return new(true);
        }
        if (_waiting) throw new InvalidOperationException("a ticker allows one wait at a time");
        _tick.Reset();
        _waiting = true;
        return _tick.Task;
    }

    private void Tick()
    {
        if (_stopped) return;
        // The next tick one period after this one was due; after a stall, one period from now.
        _due += _period;
        long now = LoopTimers.Now;
        if (_due <= now) _due = now + _period;
        _loop.Arm(_timer, _due);
        if (!_waiting)
        {
            _ticked = true;
            return;
        }
        _waiting = false;
        _tick.SetResult(true);
    }

    public void Stop()
    {
        if (!_loop.IsOnLoop)
        {
            _loop.Post(static s => ((LoopTicker)s!).Stop(), this);
            return;
        }
        if (_stopped) return;
        _stopped = true;
        LoopTimers.Disarm(_timer);
        // The waiter resumes in a later callback, not inside whatever stopped the ticker (as PeriodicTimer's does).
        if (_waiting) _loop.Post(static s => ((LoopTicker)s!).EndWait(), this);
    }

    private void EndWait()
    {
        _waiting = false;
        _tick.SetResult(false);
    }

    public void Dispose() => Stop();
}
