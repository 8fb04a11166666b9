namespace Bench.Compare.Model;

/// <summary>
/// Gates in order of how much a verdict can be trusted on a shared 2-core runner: correctness is
/// exact, resources are near-deterministic, timing needs repeated interleaved trials to mean anything.
/// </summary>
public enum Tier
{
    Correctness = 0,
    Resources = 1,
    Timing = 2,
}

/// <summary>Which way is worse: latency and bytes grow when things regress, throughput shrinks.</summary>
public enum Better
{
    Lower,
    Higher,
}
