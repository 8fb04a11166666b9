using Bench.Reporting.Model;
using ScottPlot;

namespace Bench.Reporting.Charts;

/// <summary>
/// One cell second by second: rate and errors (req/s, left), p99 (ms, inner right axis) and
/// active connections (outer right axis), the NBomber/k6 "load simulation" view: it shows
/// whether latency rose with the load or with time (a stall, a GC, a leak).
/// </summary>
public static class TimeSeriesChart
{
    public static ChartImage Render(string id, ReportCell? cell)
    {
        string title = cell is null ? "Over time" : $"Over time: {cell.Label}";
        var series = cell?.Result?.Series ?? [];
        if (series.Count == 0) return ChartRenderer.NotMeasured(id, title);

        double[] t = series.Select(p => p.ElapsedSeconds).ToArray();
        var plot = ChartStyle.NewPlot(title, "time (s)", "requests per second");

        var rate = plot.Add.ScatterLine(t, series.Select(p => p.Rate).ToArray(), Color.FromHex("#1f77b4"));
        rate.LegendText = "rate (req/s)";
        rate.LineWidth = 2;
        var errors = plot.Add.ScatterLine(t, series.Select(p => (double)p.Failed).ToArray(), Colors.Red);
        errors.LegendText = "errors (per s)";
        errors.LineWidth = 2;

        var p99Axis = plot.Axes.Right;
        p99Axis.Label.Text = "p99 latency (ms)";
        var p99 = plot.Add.ScatterLine(t, series.Select(p => p.P99 / 1000.0).ToArray(), Colors.Black);
        p99.LegendText = "p99 (ms, right)";
        p99.LineWidth = 1.5f;
        p99.Axes.YAxis = p99Axis;

        var vuAxis = plot.Axes.AddRightAxis();
        vuAxis.LabelText = "active connections";
        var vus = plot.Add.ScatterLine(t, series.Select(p => (double)p.ActiveVus).ToArray(), Colors.Gray);
        vus.LegendText = "active connections (outer right)";
        vus.LineWidth = 1;
        vus.Axes.YAxis = vuAxis;

        foreach (var s in new[] { rate, errors, p99, vus }) s.MarkerSize = 0;
        plot.Axes.AutoScale();
        ZeroBased(plot, plot.Axes.Left);
        ZeroBased(plot, p99Axis);
        ZeroBased(plot, vuAxis);
        // Four series over the whole time axis: any corner would hide data, so the legend goes below.
        plot.ShowLegend(Edge.Bottom);
        return ChartRenderer.Render(id, title, plot);
    }

    private static void ZeroBased(Plot plot, IYAxis axis)
    {
        var range = axis.Range;
        plot.Axes.SetLimitsY(0, Math.Max(range.Max * 1.1, 1), axis);
    }
}
