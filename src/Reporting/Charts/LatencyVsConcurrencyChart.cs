using Bench.Reporting.Model;

namespace Bench.Reporting.Charts;

/// <summary>p50 (dashed) and p99 (solid) latency vs concurrent connections, per target.</summary>
public static class LatencyVsConcurrencyChart
{
    public static ChartImage Render(string id, IEnumerable<ReportCell> cells)
    {
        // Stream cells' HTTP latency is a session's length, not a request's: they are not drawn here.
        var list = cells.Where(c => c.Result is { Latency.Latency.Count: > 0, Stream: null }).ToList();
        var chart = new LinePlot
        {
            Id = id,
            Title = "Latency vs concurrency (p99 bold, p50 thin)",
            XLabel = "concurrent connections",
            YLabel = "latency (ms)",
        };
        chart.AddAll(CellSeries.By(list, c => c.Connections, c => c.Result!.Latency.Latency.P99 / 1000.0), " p99");
        chart.AddAll(CellSeries.By(list, c => c.Connections, c => c.Result!.Latency.Latency.P50 / 1000.0), " p50", secondary: true);
        return chart.Render();
    }
}
