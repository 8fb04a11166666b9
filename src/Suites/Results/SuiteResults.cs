using System.Text.Json;
using Bench.Load.Results;
using Bench.Suites.Sampling;

namespace Bench.Suites.Results;

/// <summary>
/// reports/&lt;run-id&gt;/results.json: the suite as written, every cell (with its engine
/// <see cref="RunResult"/> and the target's samples), the machine, and the claims' verdicts.
/// Plain data that reports (issue 7) and compare read. Bump <see cref="SuiteResultsSchema.Version"/>
/// on any change an older reader would misread.
/// </summary>
public sealed record SuiteResults
{
    public int SchemaVersion { get; init; } = SuiteResultsSchema.Version;

    /// <summary>Tells a suite results file from a single run's ("loadgen").</summary>
    public string Tool { get; init; } = SuiteResultsSchema.Tool;

    public required string RunId { get; init; }

    /// <summary>running (rewritten after every cell), completed or interrupted.</summary>
    public string Status { get; init; } = RunStatus.Running;

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public required string SuiteName { get; init; }

    public string? SuitePath { get; init; }

    /// <summary>The suite file as written.</summary>
    public JsonElement Suite { get; init; }

    public required RunEnvironment Environment { get; init; }

    public int PlannedCells { get; init; }

    public IReadOnlyList<CellResult> Cells { get; init; } = [];

    public IReadOnlyList<ClaimVerdict> Claims { get; init; } = [];

    /// <summary>How each twin's <c>"pyCost": "auto"</c> was resolved before the first cell, one sentence each.</summary>
    public IReadOnlyList<string> Calibrations { get; init; } = [];
}

public static class SuiteResultsSchema
{
    public const int Version = 1;
    public const string Tool = "loadgen-suite";
}

/// <summary>Machine and software the suite ran on, and how processes were pinned.</summary>
public sealed record RunEnvironment(
    MachineInfo Machine,
    string KernelRelease,
    long MemoryTotalBytes,
    string DotnetVersion,
    string? GitCommit,
    bool GitDirty,
    string? ServerPath,
    Pinning Pinning,
    string Clock);

/// <summary>CPUs given to targets and to loadgen; <see cref="Note"/> says why there was no pinning.</summary>
public sealed record Pinning(bool Enabled, IReadOnlyList<int> TargetCpus, IReadOnlyList<int> LoadgenCpus, string Method, string? Note);

public static class CellStatus
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string Interrupted = "interrupted";
}

/// <summary>One cell: what ran, how it ended, the load result and the server's samples.</summary>
public sealed record CellResult
{
    public required int Index { get; init; }

    public required string Id { get; init; }

    public required string Group { get; init; }

    public int? Claim { get; init; }

    public required CellTarget Target { get; init; }

    public required CellScenario Scenario { get; init; }

    public int? Connections { get; init; }

    public double? Rate { get; init; }

    public int Repeat { get; init; } = 1;

    public double WarmupSeconds { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>completed, failed, skipped or interrupted.</summary>
    public required string Status { get; init; }

    /// <summary>Why it failed or was skipped, in one line.</summary>
    public string? Reason { get; init; }

    /// <summary>The target's last output lines, when it failed to start or crashed.</summary>
    public IReadOnlyList<string> TargetOutput { get; init; } = [];

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public RunResult? Run { get; init; }

    public IReadOnlyList<ServerSample> Samples { get; init; } = [];

    public ServerSummary? Server { get; init; }

    public int? TargetExitCode { get; init; }
}

/// <summary>The target as it ran: its spec's facts plus the actual command line and address.</summary>
public sealed record CellTarget(
    string Name,
    string Kind,
    string Model,
    string? Framework,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyList<string>? CommandLine,
    string? Url,
    int? Pid,
    IReadOnlyList<int>? Cpus);

public sealed record CellScenario(string Name, string Kind, string? Description, JsonElement Options);

/// <summary>
/// The server side of one cell, over its measured phase: peaks, means and CPU cost. CPU seconds per
/// request is the tree's user+sys CPU over the measured window divided by the requests it served.
/// </summary>
public sealed record ServerSummary(
    long PeakRssBytes,
    long MeanRssBytes,
    int PeakThreads,
    int PeakOpenFiles,
    int PeakProcesses,
    double CpuSeconds,
    double CpuPercentMean,
    double? CpuSecondsPerRequest,
    long? PeakOpenConnections,
    long? PeakBusyThreads,
    long? PeakOpenWebsockets,
    long? PeakOpenSseStreams)
{
    /// <summary>Memory with the load on, after the server's own full collection, near the end of the measured phase; null when not taken.</summary>
    public SettledMemory? Settled { get; init; }
}
