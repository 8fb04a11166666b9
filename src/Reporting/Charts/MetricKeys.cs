namespace Bench.Reporting.Charts;

/// <summary>
/// Names of the long-lived-connection metrics the panels read from a cell's Metrics and its
/// RunResult histograms: histograms are the scenarios' recorder names ("sse.lag", "ws.rtt",
/// "chat.lag"); the held/requested figures are mapped from their gauges by the input adapters.
/// </summary>
public static class MetricKeys
{
    public const string SseRequested = "sse.requested";
    public const string SseHeld = "sse.held";
    public const string SseGaps = "sse.gaps";
    public const string SseEvents = "sse.events";
    public const string SseLagHistogram = "sse.lag";
    public const string SseFirstEventHistogram = "sse.first_event";

    public const string WsRequested = "ws.requested";
    public const string WsHeld = "ws.held";
    public const string WsRttHistogram = "ws.rtt";
    public const string WsFanoutHistogram = "chat.lag";

    /// <summary>Prefix of close-code counters: "ws.close.1006".</summary>
    public const string WsClosePrefix = "ws.close.";

    /// <summary>Long-lived streams held while the probe ran (collateral-damage cells).</summary>
    public const string StreamsHeld = "streams.held";
}
