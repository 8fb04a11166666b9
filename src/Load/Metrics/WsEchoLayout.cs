using Bench.Load.Metrics;
using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>The ws-echo scenario's metric names (<c>ws.*</c>) and indices.</summary>
public static class WsEchoLayout
{
    public const int Sent = 0, Received = 1, Unmatched = 2, Lost = 3, AbnormalCloses = 4, Refused = 5, ExhaustedFds = 6, ExhaustedPorts = 7;

    public const int Connecting = 0, Open = 1;

    public const int Connect = 0, Handshake = 1, Rtt = 2, RttUncorrected = 3, SendLag = 4;

    /// <summary>Names other layers read (reports, compare, claims); written only here.</summary>
    public const string Prefix = "ws", UnmatchedName = "unmatched", LostName = "lost", OpenName = "open", RttName = "rtt";

    public static readonly StreamLayout Layout = new(
        Prefix: Prefix,
        Counters: ["sent", "received", UnmatchedName, LostName, "abnormal_closes", "refused_upgrades",
            StreamCounters.ExhaustedDescriptors, StreamCounters.ExhaustedPorts],
        Gauges: ["connecting", OpenName],
        Recorders: ["connect", "handshake", RttName, "rtt_uncorrected", "send_lag"],
        ClockAssumption: "rtt is measured from each message's intended send time (open schedule per client, coordinated omission corrected); rtt_uncorrected from the actual send",
        Findings: Findings,
        Violations: [UnmatchedName, LostName])
    {
        RecorderKinds = [LatencyKinds.Connect, LatencyKinds.Handshake, LatencyKinds.RoundTrip, LatencyKinds.RoundTripUncorrected, LatencyKinds.GeneratorSendLag],
    };

    private static IReadOnlyList<string> Findings(StreamResult r, double elapsedSeconds)
    {
        var closes = r.CloseCodes.Count == 0 ? "none" : string.Join(", ", r.CloseCodes.Select(kv => $"{kv.Key}: {kv.Value:N0}"));
        return
        [
            $"{r.Gauges[OpenName].AtHoldEnd ?? r.Gauges[OpenName].Peak:N0} WebSockets open when the hold ended (peak {r.Gauges[OpenName].Peak:N0})",
            $"{r.Counters["sent"]:N0} messages sent, {r.Counters["received"]:N0} echoes received, {r.Counters[UnmatchedName]:N0} unmatched, {r.Counters[LostName]:N0} never echoed",
            $"close codes: {closes}; {r.Counters["abnormal_closes"]:N0} abnormal",
        ];
    }
}
