using Bench.Load.Engine;

namespace Bench.Load.Scenarios.Mixed;

/// <summary>One scenario of a mixed run: its own plan (scenario, load model, thresholds), started <see cref="Start"/> after the run begins.</summary>
public sealed record MixedPart(string Name, TimeSpan Start, RunPlan Plan)
{
    /// <summary>When this part's measured phase ends, counted from the start of the run.</summary>
    public TimeSpan End => Start + Plan.Warmup + Plan.Model.Duration;
}
