using System.Text.Json;
using Bench.Suites.Claims;
using Bench.Reporting.Model;
using Bench.Suites;
using Bench.Suites.Results;

namespace Bench.Reporting.Input;

/// <summary>Maps the suite runner's results.json (<see cref="SuiteResults"/>) onto the report's model.</summary>
public static class SuiteResultsAdapter
{
    public static ReportRun ToReport(SuiteResults suite)
    {
        var env = suite.Environment;
        return new ReportRun
        {
            RunId = suite.RunId,
            Source = $"suite results, schema {suite.SchemaVersion}",
            StartedAt = suite.StartedAt,
            EndedAt = suite.EndedAt,
            Status = suite.Status,
            GitCommit = env.GitCommit is null ? null : env.GitCommit + (env.GitDirty ? " (uncommitted changes)" : ""),
            SuiteName = suite.SuiteName,
            SuiteDefinition = suite.Suite.ValueKind == JsonValueKind.Undefined ? null
                : JsonSerializer.Serialize(suite.Suite, new JsonSerializerOptions { WriteIndented = true }),
            Machine = RunResultAdapter.Machine(env.Machine) with
            {
                // Name the runner's .NET only when it differs from loadgen's own runtime.
                Runtime = env.Machine.Runtime.Contains(env.DotnetVersion, StringComparison.Ordinal) ? env.Machine.Runtime : $"{env.Machine.Runtime} (runner: {env.DotnetVersion})",
                Kernel = env.KernelRelease,
            },
            Pinning = env.Pinning.Enabled
                ? $"targets on CPU {string.Join(",", env.Pinning.TargetCpus)}, loadgen on CPU {string.Join(",", env.Pinning.LoadgenCpus)} ({env.Pinning.Method})"
                : $"none{(env.Pinning.Note is { } note ? $" ({note})" : "")}",
            Cells = suite.Cells.Select(Cell).ToList(),
            Claims = suite.Claims.Select(Claim).ToList(),
            Fidelity = Fidelity.Of(suite.Cells),
        };
    }

    private static ReportCell Cell(CellResult c)
    {
        var (result, metrics) = c.Run is { } run ? CellMetrics.Flatten(run, c.Connections) : (null, new Dictionary<string, double>());
        string? error = string.Join("\n", new[] { c.Reason }.Concat(c.TargetOutput).Where(s => !string.IsNullOrWhiteSpace(s)));
        return new ReportCell
        {
            Id = c.Id,
            Target = c.Target.Name,
            Scenario = c.Scenario.Name,
            Group = c.Group,
            Claim = c.Claim?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Connections = c.Connections,
            OfferedRate = c.Rate,
            Repeat = c.Repeat,
            Status = c.Status,
            Error = error.Length == 0 ? null : error,
            Result = result,
            Samples = c.Samples.Select(s => new ServerSample(s.ElapsedSeconds, s.RssBytes, s.Threads, s.CpuPercent, s.OpenFiles,
                s.Stats is { } st ? (int)Math.Min(st.OpenConnections, int.MaxValue) : null)).ToList(),
            Metrics = metrics,
            Findings = c.Run is { } r ? CellMetrics.Findings(r) : [],
        };
    }

    private static string PartDecision(string decision) => decision switch
    {
        "Yes" => "yes",
        "No" => "no",
        _ => "inconclusive",
    };

    private static ReportClaim Claim(ClaimVerdict v) => new()
    {
        Id = v.Claim.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Title = v.Title,
        Measured = Bench.Suites.Claims.ClaimCatalog.Find(v.Claim)?.Measured ?? "",
        Rule = v.Rule,
        Parts = v.Parts.Select(p => $"{PartDecision(p.Decision)} — {p.Name}: {p.Text} (line: {p.Threshold})").ToList(),
        NotVoting = v.NotVoting,
        Verdict = v.Verdict,
        Numbers = v.Numbers.Select(kv => new ClaimNumber(kv.Key, ClaimTexts.Number(kv.Value))).ToList(),
        Explanation = string.Join(" ", new[] { v.Summary }.Concat(v.Notes).Where(s => !string.IsNullOrWhiteSpace(s))),
        CellIds = v.Cells,
    };
}
