namespace Bench.Reporting.Model;

/// <summary>The host a run happened on; numbers from different hosts are never comparable.</summary>
public sealed record ReportMachine(
    string? Hostname,
    string? Os,
    string? Kernel,
    string? CpuModel,
    int? LogicalCores,
    long? MemoryBytes,
    string? Runtime,
    string? GcMode);
