using Bench.Load.Metrics;
using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>The ws-chat scenario's metric names (<c>chat.*</c>) and indices.</summary>
public static class WsChatLayout
{
    public const int Sent = 0, Delivered = 1, Expected = 2, Missing = 3, OutOfOrder = 4, AbnormalCloses = 5, Refused = 6,
        ExhaustedFds = 7, ExhaustedPorts = 8, IncompleteRooms = 9;

    public const int Connecting = 0, WaitingForRoom = 1, Open = 2;

    public const int Connect = 0, Handshake = 1, Lag = 2;

    /// <summary>Names other layers read (reports, compare, claims); written only here.</summary>
    public const string Prefix = "chat", MissingName = "missing", OutOfOrderName = "out_of_order", OpenName = "open", LagName = "lag";

    public static readonly StreamLayout Layout = new(
        Prefix: Prefix,
        Counters: ["sent", "delivered", "expected", MissingName, OutOfOrderName, "abnormal_closes", "refused_upgrades",
            StreamCounters.ExhaustedDescriptors, StreamCounters.ExhaustedPorts, "rooms_never_full"],
        Gauges: ["connecting", "waiting_for_room", OpenName],
        Recorders: ["connect", "handshake", LagName],
        ClockAssumption: "lag = member receive time minus the server's t_us stamp on the broadcast; both CLOCK_MONOTONIC microseconds shared by every process on one machine",
        Findings: Findings,
        Violations: [MissingName, OutOfOrderName])
    {
        RecorderKinds = [LatencyKinds.Connect, LatencyKinds.Handshake, LatencyKinds.DeliveryLag],
    };

    /// <summary>Deliveries received over deliveries owed (every member, every message of its room), as a percentage.</summary>
    public static double Completeness(StreamResult r) =>
        r.Counters["expected"] == 0 ? 0 : Math.Round(100.0 * (r.Counters["expected"] - r.Counters[MissingName]) / r.Counters["expected"], 3);

    private static IReadOnlyList<string> Findings(StreamResult r, double elapsedSeconds) =>
    [
        $"completeness {Completeness(r):0.###}% ({r.Counters["delivered"]:N0} deliveries of {r.Counters["expected"]:N0} owed, {r.Counters[MissingName]:N0} missing), {r.Counters[OutOfOrderName]:N0} out of order",
        $"{r.Counters["sent"]:N0} messages sent; fan-out lag p50 {r.Latencies[LagName].P50 / 1000.0:0.00} ms, p99 {r.Latencies[LagName].P99 / 1000.0:0.00} ms",
    ];
}
