using Xunit;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;

namespace Bench.Tests.Load.Support;

/// <summary>Runs a plan against a URL in-process, with the validity guard relaxed where a test shares the CPU with its server.</summary>
internal static class Runs
{
    /// <summary>The test process hosts the server too, so its CPU use says nothing about the generator.</summary>
    public static readonly ValidityLimits Relaxed = new() { MaxCpuShare = 10, MaxSchedulerLagP99 = TimeSpan.FromMinutes(1), MaxDropped = long.MaxValue };

    public static async Task<RunResult> RunAsync(Uri url, ILoadModel model, TimeSpan? timeout = null, IRunObserver? observer = null,
        IReadOnlyList<Bench.Load.Thresholds.Threshold>? thresholds = null, CancellationToken cancellationToken = default)
    {
        using var scenario = new HttpScenario(new HttpTarget { Url = url });
        var plan = new RunPlan
        {
            Scenario = scenario,
            Model = model,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            GracefulStop = TimeSpan.FromSeconds(10),
            Limits = Relaxed,
            Thresholds = thresholds ?? [],
        };
        return await new LoadRunner().RunAsync(plan, observer, cancellationToken);
    }
}
