using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scenarios.Mixed;
using Bench.LoadGen.Scale;

namespace Bench.LoadGen.Cli;

/// <summary><c>loadgen run --scenario-file mixed.json</c>: several parts, each its own plan and start offset, in one run.</summary>
internal sealed class MixedRunRequest : RunRequest
{
    private readonly IReadOnlyList<MixedPart>? _parts;

    /// <summary>Reads the scenario file now (its problems join the flags' problems); the parts' scenarios are owned by this request.</summary>
    public MixedRunRequest(string file, ValidityLimits limits, ScaleRequest scale, List<string> errors)
    {
        Scale = scale;
        var owned = new List<IDisposable>();
        var fileErrors = new List<string>();
        _parts = MixedRunFile.Read(file, limits, fileErrors, owned, scale.Shard);
        foreach (var o in owned) Own(o);
        errors.AddRange(fileErrors.Select(e => $"--scenario-file: {e}"));
    }

    public override bool IsMixed => true;

    public override IReadOnlyList<MixedPart>? Build(TextWriter stdout, List<string> errors) =>
        _parts?.Select(p => p with { Plan = ScaleOptions.Cut(p.Plan, Scale) }).ToList();

    public override string Banner(IReadOnlyList<MixedPart> parts) => $"loadgen: mixed run of {parts.Count} parts";

    public override IReadOnlyList<IRunObserver> Progress(TextWriter stdout, bool interactive, IReadOnlyList<MixedPart> parts) =>
        [new PlainProgress(stdout, TimeSpan.FromSeconds(1)), new StreamProgress(stdout)];
}
