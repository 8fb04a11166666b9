using Bench.Reporting.Model;

namespace Bench.Reporting.Charts;

/// <summary>Completed requests per second vs concurrent connections, one line per target (the TechEmpower sweep view).</summary>
public static class ThroughputChart
{
    public static ChartImage Render(string id, IEnumerable<ReportCell> cells)
    {
        var chart = new LinePlot
        {
            Id = id,
            Title = "Throughput vs concurrency",
            XLabel = "concurrent connections",
            YLabel = "throughput (req/s)",
            LogY = false,
        };
        chart.AddAll(CellSeries.By(cells, c => c.Connections, c => c.Result?.Totals.Rate));
        return chart.Render();
    }
}
