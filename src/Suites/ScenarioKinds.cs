namespace Bench.Suites;

/// <summary>
/// The scenario kinds a suite may name. Kinds DESIGN.md §3 plans but this build lacks are known
/// by name, so a suite can already declare their cells: they are skipped with a clear reason
/// instead of failing, and start running the day their factory is registered.
/// </summary>
public sealed class ScenarioKinds
{
    /// <summary>Planned in DESIGN.md §3; SSE, WebSocket and hold clients arrive with issue 5.</summary>
    public static readonly IReadOnlyList<string> Planned = ["http", "sse", "ws-echo", "ws-chat", "hold"];

    private readonly Dictionary<string, IScenarioKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>Every kind this build can run. Register new kinds here.</summary>
    public static ScenarioKinds Default { get; } = new ScenarioKinds()
        .Register(new HttpScenarioKind())
        .Register(new LongLivedScenarioKind("sse"))
        .Register(new LongLivedScenarioKind("ws-echo"))
        .Register(new LongLivedScenarioKind("ws-chat"))
        .Register(new LongLivedScenarioKind("hold"))
        .Register(new AssemblyScenarioKind());

    public ScenarioKinds Register(IScenarioKind kind)
    {
        _kinds[kind.Kind] = kind;
        return this;
    }

    public IScenarioKind? Find(string kind) => _kinds.GetValueOrDefault(kind);

    public bool IsPlanned(string kind) => Planned.Contains(kind);

    public IEnumerable<string> Names => _kinds.Keys.Union(Planned).Order(StringComparer.Ordinal);
}
