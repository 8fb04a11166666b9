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

    /// <summary>What each recorder measures, in <see cref="Recorders"/>' order: one of <see cref="LatencyKinds"/>.</summary>
    public IReadOnlyList<string> RecorderKinds { get; init; } = [];
}

/// <summary>
/// The labels a long-lived run puts on its latencies (results: <c>stream.latencyKinds</c>), so no
/// reader takes a delivery lag for a request latency or a session's length for either.
/// </summary>
public static class LatencyKinds
{
    /// <summary>TCP connect, SYN to established.</summary>
    public const string Connect = "connect";
    /// <summary>WebSocket upgrade: request sent to the 101 read.</summary>
    public const string Handshake = "handshake";
    /// <summary>Session start (connect included) to the first event.</summary>
    public const string FirstEvent = "first-event";
    /// <summary>Delivery lag: the server's send stamp to the client's receive (the generator's own delay included; see generator-lag).</summary>
    public const string DeliveryLag = "delivery-lag";
    /// <summary>A dropped stream's end to the first event after the reconnect.</summary>
    public const string Resume = "resume";
    /// <summary>Round trip from the intended send time (coordinated omission corrected; includes the generator's send lag).</summary>
    public const string RoundTrip = "round-trip";
    /// <summary>Round trip from the actual send.</summary>
    public const string RoundTripUncorrected = "round-trip-uncorrected";
    /// <summary>The generator's own share: how late its event loop sent after the intended time.</summary>
    public const string GeneratorSendLag = "generator-send-lag";
    /// <summary>One HTTP request on a held connection, sent to last byte.</summary>
    public const string Request = "request";
    /// <summary>A request whose head is sent slowly on purpose (trickle): its first byte sent to the response head read, whether the head was finished or the server answered early.</summary>
    public const string SlowRequest = "slow-request";
}
