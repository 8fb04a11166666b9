namespace Bench.Suites;

/// <summary>How a suite runs on this machine: where results go, what starts targets, which CPUs each side gets.</summary>
public sealed record SuiteRunOptions
{
    public required string ReportsDirectory { get; init; }

    public required string RunId { get; init; }

    public string? ServerPath { get; init; }

    /// <summary>CPUs targets are pinned to (empty: not pinned).</summary>
    public IReadOnlyList<int> TargetCpus { get; init; } = [];

    /// <summary>CPUs loadgen runs on (recorded; the CLI pins the process before the suite starts).</summary>
    public IReadOnlyList<int> LoadgenCpus { get; init; } = [];

    public string? PinningNote { get; init; }

    /// <summary>Only these groups run (all when empty).</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Pause between cells so sockets in TIME_WAIT and the previous target's exit do not leak into the next cell.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMilliseconds(300);

    public string ResultsPath => Path.Combine(ReportsDirectory, RunId, "results.json");

    /// <summary>A sortable, unique-enough run id: 20250101-120000-smoke.</summary>
    public static string NewRunId(string suiteName) => $"{DateTime.Now:yyyyMMdd-HHmmss}-{suiteName}";
}
