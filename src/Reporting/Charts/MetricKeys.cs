using Bench.Load.Metrics;

namespace Bench.Reporting.Charts;

/// <summary>
/// Names of the long-lived-connection metrics the panels read from a cell's Metrics and its
/// RunResult histograms: histograms are the scenarios' recorder names ("sse.lag", "ws.rtt",
/// "chat.lag"), composed from the scenario layouts, where each name is written once; the
/// held/requested figures are the report's own, mapped from the gauges by the input adapters.
/// </summary>
public static class MetricKeys
{
    public const string SseRequested = SseLayout.Prefix + ".requested";
    public const string SseHeld = SseLayout.Prefix + Held;
    public const string SseGaps = SseLayout.Prefix + "." + SseLayout.GapsName;
    public const string SseEvents = SseLayout.Prefix + "." + SseLayout.EventsName;
    public const string SseLagHistogram = SseLayout.Prefix + "." + SseLayout.LagName;
    public const string SseFirstEventHistogram = SseLayout.Prefix + "." + SseLayout.FirstEventName;

    public const string WsRequested = WsEchoLayout.Prefix + ".requested";
    public const string WsHeld = WsEchoLayout.Prefix + Held;
    public const string WsRttHistogram = WsEchoLayout.Prefix + "." + WsEchoLayout.RttName;
    public const string WsFanoutHistogram = WsChatLayout.Prefix + "." + WsChatLayout.LagName;

    /// <summary>Prefix of close-code counters: "ws.close.1006".</summary>
    public const string WsClosePrefix = WsEchoLayout.Prefix + ".close.";

    /// <summary>Long-lived streams held while the probe ran (collateral-damage cells).</summary>
    public const string StreamsHeld = "streams" + Held;

    /// <summary>Suffix of a scenario's sessions held when the hold ended ("sse.held").</summary>
    public const string Held = ".held";
}
