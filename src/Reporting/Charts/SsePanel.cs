using Bench.Reporting.Model;

namespace Bench.Reporting.Charts;

/// <summary>Server-Sent Events: subscribers held vs requested, time to first event, delivery lag by percentile.</summary>
public static class SsePanel
{
    public static IReadOnlyList<ChartImage> Render(string idPrefix, IEnumerable<ReportCell> cells)
    {
        var list = cells.ToList();
        return
        [
            HeldVsRequestedChart.Render($"{idPrefix}-sse-held", "SSE subscribers held vs requested", list, MetricKeys.SseRequested, MetricKeys.SseHeld),
            PercentileSpectrumChart.Render($"{idPrefix}-sse-first", list, MetricKeys.SseFirstEventHistogram, "SSE time to first event by percentile"),
            PercentileSpectrumChart.Render($"{idPrefix}-sse-lag", list, MetricKeys.SseLagHistogram, "SSE delivery lag by percentile (server stamp to client)"),
        ];
    }
}
