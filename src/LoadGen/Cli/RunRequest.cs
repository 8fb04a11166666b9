using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scenarios.Mixed;
using Bench.LoadGen.Scale;

namespace Bench.LoadGen.Cli;

/// <summary>
/// One <c>loadgen run</c> after its flags were read and checked: HTTP, one long-lived scenario or a
/// mixed run. <see cref="RunCommand"/> drives every kind through the same steps — read the flags, pin
/// the CPUs, <see cref="Build"/> the plan(s), agree the start, run, print — and this says only what differs.
/// </summary>
internal abstract class RunRequest : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>--cpu, already parsed; null when not given.</summary>
    public IReadOnlyList<int>? Cpus { get; init; }

    /// <summary>--shard, --start-at, --run-id: which part of the run this process is.</summary>
    public ScaleRequest Scale { get; init; } = ScaleRequest.None;

    /// <summary>Whether the parts run as one mixed run (parts with start offsets) rather than one plan.</summary>
    public virtual bool IsMixed => false;

    /// <summary>
    /// Builds the plan(s), each cut to this process's shard. Called after the CPUs are pinned, because
    /// the transports start their event loops on the CPUs the process may use. Problems are added to
    /// <paramref name="errors"/> (one line each, naming the flag) and null is returned.
    /// </summary>
    public abstract IReadOnlyList<MixedPart>? Build(TextWriter stdout, List<string> errors);

    /// <summary>The line printed before the run starts.</summary>
    public abstract string Banner(IReadOnlyList<MixedPart> parts);

    /// <summary>The console progress for this kind of run; the results file observer is added by the caller.</summary>
    public abstract IReadOnlyList<IRunObserver> Progress(TextWriter stdout, bool interactive, IReadOnlyList<MixedPart> parts);

    /// <summary>The one plan of a run that is not mixed.</summary>
    protected static MixedPart Single(string name, RunPlan plan) => new(name, TimeSpan.Zero, plan);

    /// <summary>The command line a results file records.</summary>
    protected static string[] CommandLine() => Environment.GetCommandLineArgs().Skip(1).ToArray();

    protected T Own<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public void Dispose()
    {
        foreach (var o in _owned) o.Dispose();
        _owned.Clear();
    }
}
