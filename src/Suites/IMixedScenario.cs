using Bench.Load.Engine;
using Bench.Load.Scenarios.Mixed;

namespace Bench.Suites;

/// <summary>
/// A suite scenario whose cell runs several parts at once through <see cref="MixedRunner"/>: the
/// cell's own plan (its load model, timing and thresholds) becomes one part, the scenario adds the
/// others (trickling clients beside a probe). The parts' results are the run's <c>scenarios</c>.
/// </summary>
public interface IMixedScenario : IScenario
{
    /// <summary>The parts to run, given the plan the cell would run alone.</summary>
    IReadOnlyList<MixedPart> Parts(RunPlan cellPlan);
}
