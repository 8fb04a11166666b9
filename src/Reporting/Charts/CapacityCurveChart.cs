using Bench.Reporting.Model;
using ScottPlot;

namespace Bench.Reporting.Charts;

/// <summary>
/// p99 latency vs offered rate (open model, latency from the intended start): flat, then the
/// "hockey stick" where the target saturates. The knee is marked per target.
/// </summary>
public static class CapacityCurveChart
{
    public static ChartImage Render(string id, IEnumerable<ReportCell> cells)
    {
        var list = cells.Where(c => c.OfferedRate is not null && c.Result is { Latency.Latency.Count: > 0 }).ToList();
        var lines = CellSeries.By(list, c => c.OfferedRate, c => c.Result!.Latency.Latency.P99 / 1000.0);
        var achieved = CellSeries.By(list, c => c.OfferedRate, c => c.Result!.Totals.Rate);
        var chart = new LinePlot
        {
            Id = id,
            Title = "Latency vs offered rate (capacity curve, knee marked)",
            XLabel = "offered rate (req/s)",
            YLabel = "p99 latency (ms)",
        };
        chart.AddAll(lines, " p99");
        return chart.Render((plot, tx, ty) =>
        {
            foreach (var line in lines)
            {
                var done = achieved.FirstOrDefault(a => a.Name == line.Name);
                if (Knee(line, done) is not { } i) continue;
                var marker = plot.Add.Marker(tx(line.Xs[i]), ty(line.Ys[i]), MarkerShape.OpenCircle, 18, ChartStyle.ForSeries(line.Name, 0));
                marker.LegendText = $"{line.Name} knee ≈ {Units.Rate(line.Xs[i])} req/s";
            }
        });
    }

    /// <summary>
    /// The last offered rate the target still kept up with: the point before achieved throughput
    /// falls below 95 % of offered, or p99 grows past 3× its value at the lightest load. Null when
    /// the curve never bends (the sweep did not reach saturation).
    /// </summary>
    public static int? Knee(CellSeries.Line latency, CellSeries.Line? achieved)
    {
        if (latency.Xs.Length < 2) return null;
        double baseline = Math.Max(latency.Ys[0], 1e-3);
        for (int i = 1; i < latency.Xs.Length; i++)
        {
            bool fellBehind = achieved is not null && i < achieved.Ys.Length && achieved.Ys[i] < 0.95 * latency.Xs[i];
            if (fellBehind || latency.Ys[i] > 3 * baseline) return i - 1;
        }
        return null;
    }
}
