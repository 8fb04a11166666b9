namespace Bench.Compare.Model;

/// <summary>
/// Gates in order of how much a verdict can be trusted on a shared 2-core runner: correctness is
/// exact; instruction counts under callgrind repeat to a fraction of a percent whatever the
/// machine's load; resources (allocations, threads, memory) are near-deterministic; timing needs
/// repeated interleaved trials to mean anything.
/// </summary>
public enum Tier
{
    Correctness = 0,
    Instructions = 1,
    Resources = 2,
    Timing = 3,
}

/// <summary>Which way is worse: latency and bytes grow when things regress, throughput shrinks.</summary>
public enum Better
{
    Lower,
    Higher,
}
