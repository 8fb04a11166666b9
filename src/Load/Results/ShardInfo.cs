namespace Bench.Load.Results;

/// <summary>
/// Written by <c>loadgen run --shard I/N</c>: which part of which run this file holds. Shards of one
/// run agree on <see cref="Count"/>, <see cref="Run"/> and the run's config; <c>loadgen merge</c> checks that.
/// </summary>
/// <param name="Index">0-based, as given to --shard.</param>
/// <param name="Run">The whole run all shards make together (the unsharded model's description).</param>
/// <param name="RunId">A label every shard of one run carries (--run-id; set by --processes and the Kubernetes Job), or null.</param>
/// <param name="StartAt">The agreed start (--start-at), or null when the shard started at once.</param>
/// <param name="StartSkewMs">How late (positive) or early this shard's load began against <paramref name="StartAt"/>, by its own clock.</param>
public sealed record ShardInfo(
    int Index,
    int Count,
    string Host,
    string Run,
    string? RunId,
    DateTimeOffset? StartAt,
    double? StartSkewMs);

/// <summary>Written by <c>loadgen merge</c>: the shards a merged file was made of.</summary>
public sealed record MergeInfo(int Count, string? RunId, IReadOnlyList<ShardSummary> Shards);

/// <summary>One shard of a merged run, as its own file said: where it ran and what held it back.</summary>
public sealed record ShardSummary(
    int Index,
    string Host,
    string File,
    string Status,
    double? StartSkewMs,
    long Requests,
    bool Valid,
    IReadOnlyList<string> Reasons,
    double CpuPercent,
    CapacityInfo? Capacity,
    MemoryInfo? GeneratorMemory);
