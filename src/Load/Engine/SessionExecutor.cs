using Bench.Load.Metrics;
using Bench.Load.Models;

namespace Bench.Load.Engine;

/// <summary>
/// Runs session scenarios under any closed model: the model's VU target becomes the number of
/// open sessions. A controller opens session i once the target exceeds i, finishes sessions
/// above a falling target, and finishes every session when the phase ends. Each index opens at
/// most one session per phase (see <see cref="ISessionScenario"/>).
/// </summary>
internal sealed class SessionExecutor(IClosedModel model, VuPool pool, RunMetrics metrics) : IExecutor
{
    private static readonly TimeSpan ControlPeriod = TimeSpan.FromMilliseconds(5);

    private readonly Task?[] _sessions = new Task?[pool.Size];
    private readonly bool[] _finished = new bool[pool.Size];
    private Task _controller = Task.CompletedTask;

    public Task InFlight => WaitForAllAsync();

    public long Dropped(Phase phase, long now) => 0;

    public Task RunAsync(Phase phase) => _controller = ControlAsync(phase);

    private async Task WaitForAllAsync()
    {
        await _controller.ConfigureAwait(false);
        await Task.WhenAll(_sessions.Where(t => t is not null)!).ConfigureAwait(false);
    }

    private async Task ControlAsync(Phase phase)
    {
        int opened = 0;
        while (true)
        {
            long now = Clock.Now;
            if (!phase.MayStart(now)) break;
            int target = Math.Min(model.TargetVus(phase.Elapsed(now)), pool.Size);
            phase.TargetVus = target;
            // Users are created here, on the controller, so FinishOne never races a second creation.
            for (; opened < target; opened++) _sessions[opened] = RunSessionAsync(pool.Get(opened), phase);
            for (int i = target; i < opened; i++) FinishOne(i);
            try
            {
                await Task.Delay(ControlPeriod, phase.StopToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        // The hold is over: the gauges at this instant are the run's "at the end" figures.
        metrics.Stream?.MarkHoldEnd();
        for (int i = 0; i < opened; i++) FinishOne(i);
    }

    private void FinishOne(int index)
    {
        if (_finished[index]) return;
        _finished[index] = true;
        if (pool.Get(index) is ISessionUser session) session.Finish();
    }

    private async Task RunSessionAsync(IVirtualUser user, Phase phase)
    {
        // Leave the controller's loop first, so a ramp of thousands does not run connects inline.
        await Task.Yield();
        metrics.VuBusy();
        var outcome = await user.IterateAsync().ConfigureAwait(false);
        metrics.VuIdle();
        if (phase.Record) metrics.RecordSession(outcome);
    }
}
