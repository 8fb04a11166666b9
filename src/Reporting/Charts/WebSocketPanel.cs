using Bench.Reporting.Model;

namespace Bench.Reporting.Charts;

/// <summary>WebSockets: sockets held vs requested, echo round trip and chat fan-out lag by percentile, close codes.</summary>
public static class WebSocketPanel
{
    public static IReadOnlyList<ChartImage> Render(string idPrefix, IEnumerable<ReportCell> cells)
    {
        var list = cells.ToList();
        return
        [
            HeldVsRequestedChart.Render($"{idPrefix}-ws-held", "WebSockets held vs requested", list, MetricKeys.WsRequested, MetricKeys.WsHeld),
            PercentileSpectrumChart.Render($"{idPrefix}-ws-rtt", list, MetricKeys.WsRttHistogram, "WebSocket echo round trip by percentile"),
            PercentileSpectrumChart.Render($"{idPrefix}-ws-fanout", list, MetricKeys.WsFanoutHistogram, "WebSocket chat fan-out lag by percentile"),
            CountsChart.Render($"{idPrefix}-ws-close", "WebSocket close codes", list, c => c.Metrics
                .Where(kv => kv.Key.StartsWith(MetricKeys.WsClosePrefix, StringComparison.Ordinal))
                .Select(kv => (kv.Key[MetricKeys.WsClosePrefix.Length..], (long)kv.Value)), "closes"),
        ];
    }
}
