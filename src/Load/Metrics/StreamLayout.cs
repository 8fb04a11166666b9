using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>
/// The names of one long-lived scenario's metrics. <see cref="Prefix"/> is what thresholds and
/// results call the scenario ("sse" in <c>sse.lag.p99&lt;50ms</c>); recorder names appear as
/// "sse.lag" among the run's histograms. Counter names must not start with 'p' nor be
/// max/min/mean: thresholds read those as latencies.
/// </summary>
public sealed record StreamLayout(
    string Prefix,
    IReadOnlyList<string> Counters,
    IReadOnlyList<string> Gauges,
    IReadOnlyList<string> Recorders,
    string? ClockAssumption = null,
    Func<StreamResult, double, IReadOnlyList<string>>? Findings = null);
