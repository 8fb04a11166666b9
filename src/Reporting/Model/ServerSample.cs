namespace Bench.Reporting.Model;

/// <summary>One second of the target's process tree, from /proc; null fields were not sampled.</summary>
public sealed record ServerSample(
    double ElapsedSeconds,
    long? RssBytes,
    int? Threads,
    double? CpuPercent,
    int? OpenFiles,
    int? Connections);
