using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Bench.Load.Scenarios.Mixed;
using Bench.Load.Scenarios.Sessions;
using Bench.Load.Thresholds;
using Bench.LoadGen.Scale;

namespace Bench.LoadGen.Cli;

/// <summary><c>loadgen run --scenario sse|ws-echo|ws-chat|hold</c>: one long-lived scenario under a connection ramp.</summary>
internal sealed class StreamRunRequest(StreamOptions spec, IReadOnlyList<Threshold> thresholds, ValidityLimits limits) : RunRequest
{
    public override IReadOnlyList<MixedPart>? Build(TextWriter stdout, List<string> errors)
    {
        var scenario = Own(ScenarioFactory.Create(spec));
        var plan = ScaleOptions.Cut(ScenarioFactory.Plan(spec, scenario, thresholds, limits) with
        {
            Cpus = Cpus,
            CommandLine = CommandLine(),
        }, Scale);
        // This process holds only its shard's connections.
        var capacity = CapacityCheck.Check(plan.Model.MaxVus, spec.SourceAddresses.Count);
        stdout.WriteLine($"loadgen: capacity: {capacity.Verdict}");
        if (capacity.ConnectionsThatFit < plan.Model.MaxVus)
        {
            errors.Add($"--connections: {capacity.Verdict}");
            return null;
        }
        return [Single(spec.Kind, plan)];
    }

    public override string Banner(IReadOnlyList<MixedPart> parts) => $"loadgen: {parts[0].Plan.Model.Describe()} -> {parts[0].Plan.Scenario.Describe()}";

    public override IReadOnlyList<IRunObserver> Progress(TextWriter stdout, bool interactive, IReadOnlyList<MixedPart> parts) =>
        [new PlainProgress(stdout, TimeSpan.FromSeconds(1)), new StreamProgress(stdout)];
}
