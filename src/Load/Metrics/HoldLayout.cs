using Bench.Load.Metrics;
using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>The hold scenario's metric names (<c>hold.*</c>) and indices.</summary>
public static class HoldLayout
{
    public const int Requests = 0, ServerCloses = 1, Reconnects = 2, AliveAtEnd = 3, DeadAtEnd = 4, ExhaustedFds = 5, ExhaustedPorts = 6;

    public const int Connecting = 0, Open = 1;

    public const int Connect = 0, Ping = 1;

    /// <summary>Names other layers read (reports); written only here.</summary>
    public const string Prefix = "hold", OpenName = "open";

    public static readonly StreamLayout Layout = new(
        Prefix: Prefix,
        Counters: ["requests", "server_closes", "reconnects", "alive_at_end", "dead_at_end",
            StreamCounters.ExhaustedDescriptors, StreamCounters.ExhaustedPorts],
        Gauges: ["connecting", OpenName],
        Recorders: ["connect", "ping"],
        Findings: Findings)
    {
        RecorderKinds = [LatencyKinds.Connect, LatencyKinds.Request],
    };

    private static IReadOnlyList<string> Findings(StreamResult r, double elapsedSeconds) =>
    [
        $"{r.Gauges[OpenName].AtHoldEnd ?? r.Gauges[OpenName].Peak:N0} idle keep-alive connections held when the hold ended (peak {r.Gauges[OpenName].Peak:N0})",
        $"{r.Counters["alive_at_end"]:N0} still answered at the end, {r.Counters["dead_at_end"]:N0} did not; the server closed {r.Counters["server_closes"]:N0} idle connections during the hold",
    ];
}
