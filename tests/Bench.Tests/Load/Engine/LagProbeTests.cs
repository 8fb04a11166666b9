using Bench.Load.Engine;
using Bench.Load.Metrics;
using Xunit;

namespace Bench.Tests.Load.Engine;

/// <summary>The scheduler-lag probe judges only what happened while the run measured (issue 18: a slow first tick used to invalidate short runs).</summary>
public sealed class LagProbeTests
{
    [Fact]
    public async Task Ticks_before_the_measured_phase_are_not_recorded_and_ticks_inside_it_are()
    {
        var recorder = new LatencyRecorder("schedulerLag");
        var probe = new LagProbe(recorder);
        using var stop = new CancellationTokenSource();
        var running = probe.RunAsync(stop.Token);

        // The warm-up: at least two ticks go by, none may count.
        await Task.Delay(450, TestContext.Current.CancellationToken);
        Assert.Equal(0, recorder.TakeInterval().TotalCount);

        probe.RecordFrom(Clock.Now);
        // Ticks that begin after the mark count: wait (bounded, for a loaded machine) for the first.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        long recorded = 0;
        while (recorded == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            recorded += recorder.TakeInterval().TotalCount;
        }
        await stop.CancelAsync();
        await running;

        Assert.True(recorded >= 1, "no tick recorded in 20 s after the mark");
    }
}
