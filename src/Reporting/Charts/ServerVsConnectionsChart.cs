using Bench.Reporting.Model;

namespace Bench.Reporting.Charts;

/// <summary>
/// Peak RSS / peak threads / mean CPU vs concurrent connections, per target: claim 1's picture
/// (a thread per connection grows linearly, an event loop stays flat).
/// </summary>
public static class ServerVsConnectionsChart
{
    public static ChartImage Render(string id, IEnumerable<ReportCell> cells, ServerMetric metric)
    {
        string how = metric.UsePeak ? "peak" : "mean";
        var chart = new LinePlot
        {
            Id = id,
            Title = $"{ServerOverTimeChart.Capitalized(metric.Name)} vs connections",
            XLabel = "concurrent connections",
            YLabel = $"{how} {metric.Name} ({metric.Unit})",
            LogY = false,
        };
        chart.AddAll(CellSeries.By(cells, c => c.Connections, c => metric.Reduce(c.Samples)));
        return chart.Render();
    }
}
