using Bench.Load.Calibration;
using Bench.Tests.Load.Support;
using Xunit;

namespace Bench.Tests.Load.Calibration;

/// <summary>
/// loadgen calibrate against its in-process null target: the generator's CPU excludes the target's
/// thread (it once reported 188 % of one pinned core, and a ceiling below the rate it had just run).
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class CalibratorTests
{
    [Fact]
    public async Task The_generator_share_excludes_the_null_target_and_the_ceiling_is_at_least_the_rate_it_ran()
    {
        var result = await Calibrator.RunAsync(TimeSpan.FromSeconds(3), connections: 300, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.HttpRate > 0, "no requests were answered");
        // A share of the generator's own cores: at most all of them (1 % slack for sampling edges).
        Assert.InRange(result.HttpCpuPercent, 0.01, 101);
        Assert.True(result.HttpCeilingRate >= result.HttpRate * 0.99, $"ceiling {result.HttpCeilingRate:N0} below the rate run {result.HttpRate:N0}");
        Assert.True(double.IsFinite(result.LoopMicrosPerEvent) && result.LoopMicrosPerEvent > 0, $"µs per event {result.LoopMicrosPerEvent}");
        Assert.Equal(300, result.HeldConnections);
        Assert.True(result.GeneratorBoundConnections <= result.ConnectionsThatFit);
    }

    [Fact]
    public async Task The_null_target_reports_its_own_thread_cpu_once_it_has_served()
    {
        using var target = new NullTarget([]);
        using var client = new HttpClient();
        for (int i = 0; i < 2000; i++)
            (await client.GetAsync(target.Url("/"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.True(target.CpuTime > TimeSpan.Zero, "the target's thread CPU was not found");
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        Assert.True(target.CpuTime < process.TotalProcessorTime, "one thread cannot have used more CPU than its process");
    }
}
