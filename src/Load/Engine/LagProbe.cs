using Bench.Load.Metrics;

namespace Bench.Load.Engine;

/// <summary>
/// Measures how late a short timer fires in this process. When the generator's CPU or thread
/// pool is starved its own timestamps and sends slip; this lag shows it (Node's event-loop lag).
/// The probe starts before the warm-up, and a tick counts only if it began once the measured
/// phase had (<see cref="RecordFrom"/>): the start-up of a run — JIT compiling the probe's own
/// timer path, the thread pool's first threads — is not the measured load, and on a 2-second run,
/// where p99 of 20 ticks is the worst one, one such tick used to invalidate the whole run.
/// </summary>
internal sealed class LagProbe(LatencyRecorder recorder)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private long _recordFrom = long.MaxValue;

    /// <summary>Counts ticks that begin at or after <paramref name="timestamp"/> (a <see cref="Clock"/> reading).</summary>
    public void RecordFrom(long timestamp) => Interlocked.Exchange(ref _recordFrom, timestamp);

    public async Task RunAsync(CancellationToken stop)
    {
        long expected = Clock.FromTimeSpan(Interval);
        while (!stop.IsCancellationRequested)
        {
            long before = Clock.Now;
            try
            {
                await Task.Delay(Interval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (before >= Interlocked.Read(ref _recordFrom))
                recorder.Record(Clock.ToMicros(Math.Max(0, Clock.Now - before - expected)));
        }
    }
}
