using Bench.Reporting.Model;
using Bench.Load.Results;

namespace Bench.Reporting.Input;

/// <summary>A single <c>loadgen run --out</c> file as a report with one cell and no claims.</summary>
public static class RunResultAdapter
{
    public static ReportRun ToReport(RunResult result, string path)
    {
        var (connections, rate) = CellMetrics.Load(result);
        var (shown, metrics) = CellMetrics.Flatten(result, connections);
        var cell = new ReportCell
        {
            Id = Path.GetFileNameWithoutExtension(path),
            Target = result.Config.Target,
            Scenario = result.Config.Scenario,
            Connections = connections,
            OfferedRate = rate,
            Repeat = 1,
            Status = result.Status,
            Error = result.Validity.Valid ? null : "run invalid: " + string.Join("; ", result.Validity.Reasons),
            Result = shown,
            Metrics = metrics,
            Findings = CellMetrics.Findings(result),
        };
        return new ReportRun
        {
            RunId = Path.GetFileNameWithoutExtension(path),
            Source = $"single loadgen run, results schema {result.SchemaVersion}",
            StartedAt = result.StartedAt,
            EndedAt = result.EndedAt,
            Status = result.Status,
            Machine = Machine(result.Machine),
            Pinning = result.Config.Cpus is { Count: > 0 } cpus ? $"loadgen on CPUs {string.Join(",", cpus)}" : "none",
            Cells = [cell],
        };
    }

    public static ReportMachine Machine(MachineInfo m) =>
        new(m.Hostname, m.Os, m.Kernel, m.CpuModel, m.LogicalCores, m.MemoryBytes, m.Runtime, m.GcMode);
}
