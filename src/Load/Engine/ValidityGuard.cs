using Bench.Load.Results;

namespace Bench.Load.Engine;

/// <summary>
/// Decides whether the numbers describe the target or the generator (docs/ARCHITECTURE.md §3):
/// a run whose load generator was the bottleneck says so.
/// </summary>
internal static class ValidityGuard
{
    /// <summary>A shard that began its load too long after the agreed start: with the others, but not together.</summary>
    public static Validity WithStart(Validity validity, ValidityLimits limits, DateTimeOffset? startAt, double? skewMs) =>
        startAt is { } at && skewMs is { } skew && skew > limits.MaxStartSkew.TotalMilliseconds
            ? validity with
            {
                Valid = false,
                Reasons = [.. validity.Reasons, $"the load began {skew / 1000:0.###} s after --start-at {at:O} (limit {limits.MaxStartSkew.TotalSeconds:0.###} s): this shard did not load the target together with the others"],
            }
            : validity;

    public static Validity Judge(ValidityLimits limits, double cpuShare, int cores, long schedulerLagP99, long sendLagP99, long dropped, long exhausted)
    {
        var reasons = new List<string>();
        if (dropped > limits.MaxDropped)
            reasons.Add($"{dropped:N0} iterations were due but could not start (all VUs busy): raise --vus or lower the rate");
        if (cpuShare > limits.MaxCpuShare)
            reasons.Add($"loadgen used {cpuShare:P0} of its {cores} core(s) (limit {limits.MaxCpuShare:P0}): it may have been the bottleneck");
        long lagLimit = (long)limits.MaxSchedulerLagP99.TotalMicroseconds;
        if (schedulerLagP99 > lagLimit)
            reasons.Add($"scheduler lag p99 {schedulerLagP99 / 1000.0:0.0} ms (limit {lagLimit / 1000.0:0.0} ms): the generator was starved");
        if (sendLagP99 > lagLimit)
            reasons.Add($"send lag p99 {sendLagP99 / 1000.0:0.0} ms behind intended start times (limit {lagLimit / 1000.0:0.0} ms)");
        if (exhausted > 0)
            reasons.Add($"{exhausted:N0} connections failed for lack of file descriptors or ephemeral ports (raise ulimit -n, spread source addresses)");
        return new Validity(reasons.Count == 0, reasons, Math.Round(cpuShare * 100, 1), cores, schedulerLagP99, sendLagP99, dropped, exhausted);
    }
}
