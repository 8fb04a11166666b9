using Bench.Load.Results;

namespace Bench.Reporting.Model;

/// <summary>
/// One target × scenario × sweep point × repeat. <see cref="Result"/> is null when the cell
/// never produced numbers (the target failed to start, or the run was interrupted before it).
/// </summary>
public sealed record ReportCell
{
    public required string Id { get; init; }

    public required string Target { get; init; }

    public required string Scenario { get; init; }

    /// <summary>The claim group this cell belongs to in the suite, if any.</summary>
    public string? Group { get; init; }

    /// <summary>The claim whose group this cell ran in (the suite's "claim" field), if any.</summary>
    public string? Claim { get; init; }

    /// <summary>Concurrent connections (closed model VUs, or streams held); the x of "vs concurrency" charts.</summary>
    public int? Connections { get; init; }

    /// <summary>Open-model offered rate in requests per second; the x of the capacity curve.</summary>
    public double? OfferedRate { get; init; }

    public int Repeat { get; init; }

    /// <summary>"ok", "failed", "skipped" ... as the runner recorded it.</summary>
    public string Status { get; init; } = "ok";

    /// <summary>Why the cell failed (e.g. the target's last output lines); from a process, so shown escaped.</summary>
    public string? Error { get; init; }

    public RunResult? Result { get; init; }

    /// <summary>Server process-tree samples, one a second, on the same time axis as the load.</summary>
    public IReadOnlyList<ServerSample> Samples { get; init; } = [];

    /// <summary>
    /// Scenario metrics that are single numbers (e.g. "sse.held", "sse.requested", "sse.gaps",
    /// "ws.held", "probe.errors"); absent keys were not measured in this run.
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Plain sentences the scenario wrote about itself ("8 streaming, 92 waiting or failed"); shown under the cell's row.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    /// <summary>A short label for legends and tables: "wsgi /users c=100".</summary>
    public string Label => Connections is { } c ? $"{Target} {Scenario} c={c}"
        : OfferedRate is { } r ? $"{Target} {Scenario} {r:0.#}/s"
        : $"{Target} {Scenario}";
}
