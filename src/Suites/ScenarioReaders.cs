namespace Bench.Suites;

/// <summary>
/// The reader of each scenario kind a suite may name. Kinds that a build may lack are known
/// by name, so a suite can already declare their cells: they are skipped with a clear reason
/// instead of failing, and start running the day their factory is registered.
/// </summary>
public sealed class ScenarioReaders
{
    /// <summary>Every kind a suite may name (docs/ARCHITECTURE.md §5 says how to add one).</summary>
    public static readonly IReadOnlyList<string> Planned = ["http", "sse", "ws-echo", "ws-chat", "hold", "trickle", Results.TrickleProbeNames.Kind];

    private readonly Dictionary<string, IScenarioReader> _kinds = new(StringComparer.Ordinal);

    /// <summary>Every kind this build can run. Register new kinds here.</summary>
    public static ScenarioReaders Default { get; } = new ScenarioReaders()
        .Register(new HttpScenarioReader())
        .Register(new StreamScenarioReader("sse"))
        .Register(new StreamScenarioReader("ws-echo"))
        .Register(new StreamScenarioReader("ws-chat"))
        .Register(new StreamScenarioReader("hold"))
        .Register(new StreamScenarioReader("trickle"))
        .Register(new TrickleProbeReader())
        .Register(new AssemblyScenarioReader());

    public ScenarioReaders Register(IScenarioReader kind)
    {
        _kinds[kind.Kind] = kind;
        return this;
    }

    public IScenarioReader? Find(string kind) => _kinds.GetValueOrDefault(kind);

    public bool IsPlanned(string kind) => Planned.Contains(kind);

    public IEnumerable<string> Names => _kinds.Keys.Union(Planned).Order(StringComparer.Ordinal);
}
