using System.Text.Json;
using Bench.Load.Engine;
using Bench.Load.Models;

namespace Bench.Suites;

/// <summary>
/// A suite file after validation: targets × scenarios × a sweep × repeats, grouped so that each
/// group can carry the claim (docs/CLAIMS.md) its cells test. <see cref="Source"/> is the file as
/// written, echoed into the results so a report can show exactly what ran.
/// </summary>
public sealed record SuiteDefinition
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public required IReadOnlyList<TargetSpec> Targets { get; init; }

    public required IReadOnlyList<ScenarioEntry> Scenarios { get; init; }

    public required IReadOnlyList<GroupSpec> Groups { get; init; }

    public JsonElement Source { get; init; }
}

/// <summary>Per-cell timing and pass/fail rules; a group's own values override the suite's defaults.</summary>
public sealed record CellTiming
{
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan GracefulStop { get; init; } = TimeSpan.FromSeconds(5);

    public int Repeats { get; init; } = 1;

    public IReadOnlyList<string> Thresholds { get; init; } = [];
}

/// <summary>
/// One group: every target × scenario × sweep value × repeat becomes a cell. The sweep is either
/// closed-model connections or open-model rates (with <see cref="Vus"/> as the connection budget).
/// </summary>
public sealed record GroupSpec
{
    public required string Name { get; init; }

    /// <summary>The docs/CLAIMS.md claim (1..8) these cells feed, or null for a plain measurement.</summary>
    public int? Claim { get; init; }

    public required IReadOnlyList<string> Targets { get; init; }

    public required IReadOnlyList<string> Scenarios { get; init; }

    public IReadOnlyList<int>? Connections { get; init; }

    public IReadOnlyList<double>? Rates { get; init; }

    public int? Vus { get; init; }

    /// <summary>
    /// Loadgen processes each cell runs as (<c>"processes": P</c>, like <c>loadgen run --processes</c>):
    /// the cell's load is cut into P shards, each its own process with its own descriptor limit, and
    /// their results merge losslessly into the cell's one run. 1 runs the cell inside the suite's process.
    /// </summary>
    public int Processes { get; init; } = 1;

    /// <summary>The most VUs (connections) a cell of this group may hold: one process's limit per process.</summary>
    public int MaxVus => ModelLimits.MaxVus * Processes;

    public required CellTiming Timing { get; init; }
}

/// <summary>A scenario entry of a suite file (name, kind, options): its kind picks the reader that builds the scenario; its options are the kind's own fields.</summary>
public sealed record ScenarioEntry
{
    public required string Name { get; init; }

    public required string Kind { get; init; }

    /// <summary>The scenario object as written (kind-specific fields included), for results and claim rules.</summary>
    public JsonElement Options { get; init; }

    /// <summary>Builds the scenario against a started target; null when the kind is not available in this build.</summary>
    public Func<Uri, IScenario>? Factory { get; init; }

    public string? UnavailableReason { get; init; }
}
