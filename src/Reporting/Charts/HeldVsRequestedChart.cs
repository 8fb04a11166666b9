using Bench.Reporting.Model;
using ScottPlot;

namespace Bench.Reporting.Charts;

/// <summary>
/// Long-lived connections actually held vs asked for, per target, with the ideal y = x in grey:
/// a thread-per-request server flattens at its pool size (claims 4 and 5).
/// </summary>
public static class HeldVsRequestedChart
{
    public static ChartImage Render(string id, string title, IEnumerable<ReportCell> cells, string requestedKey, string heldKey)
    {
        var list = cells.Where(c => c.Metrics.ContainsKey(heldKey)).ToList();
        double? Requested(ReportCell c) => c.Metrics.TryGetValue(requestedKey, out double r) ? r : c.Connections;
        var lines = CellSeries.By(list, Requested, c => c.Metrics[heldKey]);
        var chart = new LinePlot { Id = id, Title = title, XLabel = "connections requested", YLabel = "connections held" };
        chart.AddAll(lines);
        return chart.Render((plot, tx, ty) =>
        {
            double max = lines.SelectMany(l => l.Xs).DefaultIfEmpty(1).Max();
            double min = lines.SelectMany(l => l.Xs).DefaultIfEmpty(1).Min();
            var ideal = plot.Add.ScatterLine(new[] { tx(min), tx(max) }, new[] { ty(min), ty(max) }, Colors.Gray);
            ideal.LineWidth = 1;
            ideal.LegendText = "all held (ideal)";
        });
    }
}
