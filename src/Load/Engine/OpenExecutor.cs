using Bench.Load.Metrics;
using Bench.Load.Models;

namespace Bench.Load.Engine;

/// <summary>
/// Open models, wrk2 style: iteration k is due at the model's intended time no matter how the
/// target is doing. Free VUs claim the next due index; a VU that frees up late sends at once,
/// and latency is taken from the intended time, so a stall shows in the percentiles instead of
/// silently slowing the schedule (coordinated omission). An iteration later than
/// <c>maxLateness</c>, or still unstarted when the duration ends, is dropped: the VU budget,
/// not the target, limited it.
/// </summary>
internal sealed class OpenExecutor(IOpenModel model, VuPool pool, RunMetrics metrics, TimeSpan maxLateness) : IExecutor
{
    private readonly long _maxLateTicks = Clock.FromTimeSpan(maxLateness);
    private Task _inFlight = Task.CompletedTask;

    public Task InFlight => _inFlight;

    public long Dropped(Phase phase, long now)
    {
        long due = model.ScheduledIterations(phase.Elapsed(Math.Min(now, phase.EndTimestamp)));
        return Math.Max(0, due - metrics.Counters.Requests);
    }

    public Task RunAsync(Phase phase)
    {
        var vus = new Task[pool.Size];
        for (int i = 0; i < vus.Length; i++) vus[i] = RunVuAsync(i, phase);
        // The schedule is the controller: this completes when the schedule is used up and every VU is done.
        _inFlight = Task.WhenAll(vus);
        return _inFlight;
    }

    /// <summary>Waits for the intended start; false when the run stopped meanwhile.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> WaitAsync(IVirtualUser user, long intended, Phase phase)
    {
        if (user is IPreciseWait precise)
        {
            // In slices, so Ctrl-C is noticed within one even when the next start is far away.
            long slice = Clock.FromTimeSpan(TimeSpan.FromMilliseconds(100));
            while (Clock.Now < intended)
            {
                if (phase.StopRequested) return false;
                await precise.WaitUntilAsync(Math.Min(intended, Clock.Now + slice)).ConfigureAwait(false);
            }
            return !phase.StopRequested;
        }
        // Round up: waking early would send early, which no correction can undo.
        var wait = TimeSpan.FromMilliseconds(Math.Ceiling(Clock.ToTimeSpan(intended - Clock.Now).TotalMilliseconds));
        try
        {
            if (wait > TimeSpan.Zero) await Task.Delay(wait, phase.StopToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RunVuAsync(int index, Phase phase)
    {
        await Task.Yield();
        IVirtualUser? user = null;
        while (!phase.StopRequested)
        {
            long k = Interlocked.Increment(ref phase.NextIndex) - 1;
            if (model.IntendedStart(k) is not { } due) break;
            long intended = phase.StartTimestamp + Clock.FromTimeSpan(due);
            if (intended >= phase.EndTimestamp) break;
            long claimed = Clock.Now;
            user ??= pool.Get(index);
            if (intended > claimed && !await WaitAsync(user, intended, phase).ConfigureAwait(false)) break;
            // An iteration due before the end still starts after it (its timer may fire a little
            // late); graceful stop bounds how long that can go on.
            long now = Clock.Now;
            if (phase.StopRequested) break;
            if (now - intended > _maxLateTicks)
            {
                if (phase.Record) metrics.Counters.CountLateDropped();
                continue;
            }
            metrics.VuBusy();
            var outcome = await user.IterateAsync().ConfigureAwait(false);
            metrics.VuIdle();
            if (phase.Record)
            {
                metrics.Record(outcome, intended);
                metrics.SendLag.Record(Clock.ToMicros(outcome.StartTimestamp - Math.Max(intended, claimed)));
            }
        }
    }
}
