using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>
/// The names of one long-lived scenario's metrics. <see cref="Prefix"/> is what thresholds and
/// results call the scenario ("sse" in <c>sse.lag.p99&lt;50ms</c>); recorder names appear as
/// "sse.lag" among the run's histograms. Counter names must not start with 'p' nor be
/// max/min/mean: thresholds read those as latencies. <see cref="Violations"/> are the counters
/// that must stay 0 in a healthy run (an event id skipped, an echo never answered): compare gates
/// on them. Names that reports, compare or claims read are constants of the scenario's layout
/// class, so each metric name is written once.
/// </summary>
public sealed record StreamLayout(
    string Prefix,
    IReadOnlyList<string> Counters,
    IReadOnlyList<string> Gauges,
    IReadOnlyList<string> Recorders,
    string? ClockAssumption = null,
    Func<StreamResult, double, IReadOnlyList<string>>? Findings = null,
    IReadOnlyList<string>? Violations = null)
{
    /// <summary>"sse" and "lag" → "sse.lag": how results, thresholds and reports name a scenario's metric.</summary>
    public static string Key(string prefix, string name) => $"{prefix}.{name}";
}
