using Bench.Reporting.Model;
using ScottPlot;

namespace Bench.Reporting.Charts;

/// <summary>
/// What idle long-lived connections do to ordinary requests: the /hello probe's p99 (left) and
/// error rate (right, square markers) vs streams held, per target.
/// </summary>
public static class CollateralDamageChart
{
    public static ChartImage Render(string id, IEnumerable<ReportCell> cells)
    {
        var list = cells.Where(c => c.Metrics.ContainsKey(MetricKeys.StreamsHeld) && c.Result is not null).ToList();
        var p99 = CellSeries.By(list, c => c.Metrics[MetricKeys.StreamsHeld], c => c.Result!.Latency.Latency.P99 / 1000.0);
        var errors = CellSeries.By(list, c => c.Metrics[MetricKeys.StreamsHeld], c => c.Result!.Totals.ErrorRate * 100);
        var chart = new LinePlot
        {
            Id = id,
            Title = "Collateral damage: probe latency and errors vs streams held",
            XLabel = "long-lived streams held",
            YLabel = "probe p99 latency (ms)",
            LogX = false,
        };
        chart.AddAll(p99, " p99");
        return chart.Render((plot, tx, _) =>
        {
            var axis = plot.Axes.Right;
            axis.Label.Text = "probe errors (%)";
            var keys = errors.Select(e => e.Name).ToList();
            foreach (var line in errors)
            {
                var s = plot.Add.Scatter(line.Xs.Select(tx).ToArray(), line.Ys, ChartStyle.ForSeries(line.Name, keys.IndexOf(line.Name)));
                s.LegendText = $"{line.Name} errors % (right)";
                s.LineWidth = 1;
                s.MarkerShape = MarkerShape.OpenSquare;
                s.Axes.YAxis = axis;
            }
            plot.Axes.SetLimitsY(0, Math.Max(errors.SelectMany(e => e.Ys).DefaultIfEmpty(0).Max() * 1.1, 1), axis);
        });
    }
}
