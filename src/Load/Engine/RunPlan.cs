using Bench.Load.Models;
using Bench.Load.Thresholds;

namespace Bench.Load.Engine;

/// <summary>
/// Everything one run needs, as data. The CLI, suite files and tests all build this record and
/// hand it to <see cref="LoadRunner"/>.
/// </summary>
public sealed record RunPlan
{
    public required IScenario Scenario { get; init; }

    public required ILoadModel Model { get; init; }

    /// <summary>Runs the model this long first, recording nothing, on the same connections.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>After the duration, in-flight iterations get this long to finish before they are interrupted (k6 gracefulStop).</summary>
    public TimeSpan GracefulStop { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect timeout and response timeout, each.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    public ValidityLimits Limits { get; init; } = new();

    /// <summary>For results metadata only: the CPUs the process pinned itself to.</summary>
    public IReadOnlyList<int>? Cpus { get; init; }

    /// <summary>For results metadata only.</summary>
    public IReadOnlyList<string>? CommandLine { get; init; }

    /// <summary>Wall-clock time at which the load begins (warm-up included), so shards on several processes or machines start together; null starts at once.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>For results metadata: which shard of which run this is; the runner adds how late it started.</summary>
    public Results.ShardInfo? Shard { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var problems = Model.Validate().Select(p => p.ToString()).ToList();
        if (Warmup < TimeSpan.Zero || Warmup > TimeSpan.FromHours(1))
            problems.Add($"warmup: must be in [0, 1h] (got {ModelText.Duration(Warmup)})");
        if (GracefulStop < TimeSpan.Zero || GracefulStop > TimeSpan.FromHours(1))
            problems.Add($"gracefulStop: must be in [0, 1h] (got {ModelText.Duration(GracefulStop)})");
        if (Timeout < TimeSpan.FromMilliseconds(1) || Timeout > TimeSpan.FromHours(1))
            problems.Add($"timeout: must be in [1ms, 1h] (got {ModelText.Duration(Timeout)})");
        return problems;
    }
}

/// <summary>When the guard calls a run invalid because the generator may have set the numbers.</summary>
public sealed record ValidityLimits
{
    /// <summary>Own CPU above this share of the cores it may use means it was likely the bottleneck.</summary>
    public double MaxCpuShare { get; init; } = 0.90;

    /// <summary>p99 of timer lateness and of open-model send lag beyond this means the schedule was not kept.</summary>
    public TimeSpan MaxSchedulerLagP99 { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Any dropped iteration means the VU budget, not the target, capped the load.</summary>
    public long MaxDropped { get; init; }

    /// <summary>A shard that began its load later than this after the agreed start did not load the target together with the others.</summary>
    public TimeSpan MaxStartSkew { get; init; } = TimeSpan.FromSeconds(1);
}
