using Bench.Load.Metrics;

namespace Bench.Load.Engine;

/// <summary>
/// Measures how late a short timer fires where the generator's work runs. When its CPU is
/// starved, its own timestamps and sends slip; this lag shows it (Node's event-loop lag). Once
/// the process's event loops exist (every connection lives on one) the probe runs on each loop;
/// before that, and for the portable sockets transport, on the thread pool.
/// </summary>
internal sealed class LagProbe(LatencyRecorder recorder)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Set by the event loops once they exist: starts a probe timer on each loop and returns how to stop them.</summary>
    internal static Func<LatencyRecorder, TimeSpan, Action>? StartLoopProbes { get; set; }
    private static readonly TimeSpan LoopsRunningCheck = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken stop)
    {
        long expected = Clock.FromTimeSpan(Interval);
        Action? loops = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                loops ??= StartLoopProbes?.Invoke(recorder, Interval);
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
                if (loops is null) recorder.Record(Clock.ToMicros(Math.Max(0, Clock.Now - before - expected)));
            }
        }
        finally
        {
            loops?.Invoke();
        }
    }
}
