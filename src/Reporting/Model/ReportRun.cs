using Bench.Suites.Claims;

namespace Bench.Reporting.Model;

/// <summary>
/// Everything a report shows, as read from one results file. The report builds only on this
/// type, so a new results schema needs a new adapter in Input/, never a change to the charts.
/// </summary>
public sealed record ReportRun
{
    public required string RunId { get; init; }

    /// <summary>What the input was, e.g. "suite results, schema 1": shown in the header.</summary>
    public required string Source { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public string? Status { get; init; }

    public string? GitCommit { get; init; }

    public string? SuiteName { get; init; }

    /// <summary>The suite definition as it was run, pretty JSON, echoed at the end of the page.</summary>
    public string? SuiteDefinition { get; init; }

    public ReportMachine? Machine { get; init; }

    public string? Pinning { get; init; }

    public IReadOnlyList<ReportCell> Cells { get; init; } = [];

    public IReadOnlyList<ReportClaim> Claims { get; init; } = [];

    /// <summary>Twin/peer pairs compared cell by cell (issue 9); empty for runs without a pair.</summary>
    public FidelityReport Fidelity { get; init; } = FidelityReport.Empty;
}
