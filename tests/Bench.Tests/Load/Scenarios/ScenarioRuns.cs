using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Bench.Load.Thresholds;

namespace Bench.Tests.Load.Scenarios;

/// <summary>Runs one long-lived scenario in-process with the validity guard relaxed (the server shares this process's CPU).</summary>
internal static class ScenarioRuns
{
    public static readonly ValidityLimits Relaxed = new() { MaxCpuShare = 10, MaxSchedulerLagP99 = TimeSpan.FromMinutes(1), MaxDropped = long.MaxValue };

    public static async Task<RunResult> RunAsync(StreamOptions spec, IRunObserver? observer = null, IReadOnlyList<Threshold>? thresholds = null)
    {
        using var scenario = ScenarioFactory.Create(spec);
        return await new LoadRunner().RunAsync(ScenarioFactory.Plan(spec, scenario, thresholds, Relaxed), observer);
    }

    /// <summary>Calls <paramref name="onSample"/> with every per-second snapshot.</summary>
    public sealed class Sampler(Action<RunResult> onSample) : IRunObserver
    {
        public void OnSample(RunResult snapshot) => onSample(snapshot);
    }
}
