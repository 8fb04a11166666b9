using Bench.Load.Metrics;
using Bench.Load.Models;

namespace Bench.Load.Engine;

/// <summary>
/// Closed models: each VU starts its next iteration as soon as the previous one ends. A
/// controller follows the model's VU target every <see cref="ControlPeriod"/>, starting VUs
/// below it; VUs above it notice on their next iteration and stop (k6's graceful ramp-down).
/// </summary>
internal sealed class ClosedExecutor(IClosedModel model, VuPool pool, RunMetrics metrics) : IExecutor
{
    private static readonly TimeSpan ControlPeriod = TimeSpan.FromMilliseconds(10);

    private readonly Task?[] _tasks = new Task?[pool.Size];
    private long[] _done = [];
    private Task _controller = Task.CompletedTask;

    public Task InFlight => WaitForAllAsync();

    public long Dropped(Phase phase, long now) => 0;

    public Task RunAsync(Phase phase) => _controller = ControlAsync(phase);

    private async Task WaitForAllAsync()
    {
        // The controller may start a VU until it sees the stop, so wait for it before collecting tasks.
        await _controller.ConfigureAwait(false);
        await Task.WhenAll(_tasks.Where(t => t is not null)!).ConfigureAwait(false);
    }

    private async Task ControlAsync(Phase phase)
    {
        _done = new long[pool.Size];
        long? cap = model.IterationsPerVu;
        while (true)
        {
            long now = Clock.Now;
            if (!phase.MayStart(now)) break;
            int target = Math.Min(model.TargetVus(phase.Elapsed(now)), pool.Size);
            phase.TargetVus = target;
            bool allFinished = true;
            for (int i = 0; i < target; i++)
            {
                bool capped = cap is { } c && Volatile.Read(ref _done[i]) >= c;
                var task = _tasks[i];
                if (task is null || (task.IsCompleted && !capped)) _tasks[i] = RunVuAsync(i, phase, cap);
                if (!capped || !(_tasks[i]?.IsCompleted ?? false)) allFinished = false;
            }
            if (cap is not null && allFinished) break; // per-vu-iterations: every VU has done its share
            await Task.Delay(ControlPeriod).ConfigureAwait(false);
        }
    }

    private async Task RunVuAsync(int index, Phase phase, long? cap)
    {
        // Leave the controller's loop before the first iteration, so thousands of VUs start in parallel.
        await Task.Yield();
        var user = pool.Get(index);
        while (phase.MayStart(Clock.Now) && index < phase.TargetVus && (cap is null || _done[index] < cap))
        {
            metrics.VuBusy();
            var outcome = await user.IterateAsync().ConfigureAwait(false);
            metrics.VuIdle();
            if (phase.Record) metrics.Record(outcome, outcome.StartTimestamp);
            Volatile.Write(ref _done[index], _done[index] + 1);
        }
    }
}
