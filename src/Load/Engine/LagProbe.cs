using Bench.Load.Metrics;

namespace Bench.Load.Engine;

/// <summary>
/// Measures how late a short timer fires in this process. When the generator's CPU or thread
/// pool is starved its own timestamps and sends slip; this lag shows it (Node's event-loop lag).
/// </summary>
internal sealed class LagProbe(LatencyRecorder recorder)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

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
            recorder.Record(Clock.ToMicros(Math.Max(0, Clock.Now - before - expected)));
        }
    }
}
