using Bench.Load.Metrics;

namespace Bench.Load.Engine;

/// <summary>
/// Measures how late a short timer fires where the generator's work runs. When its CPU is
/// starved, its own timestamps and sends slip; this lag shows it (Node's event-loop lag). Once
/// the process's event loops exist (every connection lives on one) the probe runs on each loop;
/// before that, on the thread pool.
/// The probe starts before the warm-up, and a tick counts only if it began once the measured
/// phase had (<see cref="RecordFrom"/>): the start-up of a run — JIT compiling the probe's own
/// timer path, the thread pool's first threads — is not the measured load, and on a 2-second run,
/// where p99 of 20 ticks is the worst one, one such tick used to invalidate the whole run.
/// </summary>
internal sealed class LagProbe(LatencyRecorder recorder)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Set by the event loops once they exist: starts a probe timer on each loop, which reports
    /// every tick as (began, lag) in <see cref="Clock"/> ticks, and returns how to stop them.
    /// </summary>
    internal static Func<Action<long, long>, TimeSpan, Action>? StartLoopProbes { get; set; }
    private static readonly TimeSpan LoopsRunningCheck = TimeSpan.FromSeconds(1);

    private long _recordFrom = long.MaxValue;

    /// <summary>Counts ticks that begin at or after <paramref name="timestamp"/> (a <see cref="Clock"/> reading).</summary>
    public void RecordFrom(long timestamp) => Interlocked.Exchange(ref _recordFrom, timestamp);

    private void Observe(long began, long lagTicks)
    {
        if (began >= Interlocked.Read(ref _recordFrom))
            recorder.Record(Clock.ToMicros(Math.Max(0, lagTicks)));
    }

    public async Task RunAsync(CancellationToken stop)
    {
        long expected = Clock.FromTimeSpan(Interval);
        Action? loops = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                loops ??= StartLoopProbes?.Invoke(Observe, Interval);
                long before = Clock.Now;
                try
                {
                    // Once the loops probe themselves this only waits for the stop, rarely, to stay off the generator's core.
                    await Task.Delay(loops is null ? Interval : LoopsRunningCheck, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (loops is null) Observe(before, Clock.Now - before - expected);
            }
        }
        finally
        {
            loops?.Invoke();
        }
    }
}
