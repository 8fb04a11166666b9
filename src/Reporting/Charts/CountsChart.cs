using Bench.Reporting.Model;
using ScottPlot;

namespace Bench.Reporting.Charts;

/// <summary>
/// Grouped bars: one group per category (status code, error kind, close code), one bar per
/// target, so "503 only on ASGI" or "timeouts only on WSGI" is visible at a glance.
/// </summary>
public static class CountsChart
{
    public static ChartImage Render(string id, string title, IEnumerable<ReportCell> cells, Func<ReportCell, IEnumerable<(string Category, long Count)>> read, string unit)
    {
        var totals = new Dictionary<(string Target, string Category), long>();
        foreach (var cell in cells)
            foreach (var (category, count) in read(cell))
                totals[(cell.Target, category)] = totals.GetValueOrDefault((cell.Target, category)) + count;
        if (totals.Count == 0 || totals.Values.All(v => v == 0)) return ChartRenderer.NotMeasured(id, title);

        var targets = totals.Keys.Select(k => k.Target).Distinct().ToList();
        var categories = totals.Keys.Select(k => k.Category).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        bool log = LogScale.SpansDecades(totals.Values.Select(v => (double)v));
        var plot = ChartStyle.NewPlot(title, "", $"{unit} (count{(log ? ", log" : "")})");

        double width = 0.8 / targets.Count;
        var bars = new List<Bar>();
        for (int t = 0; t < targets.Count; t++)
        {
            var color = ChartStyle.ForSeries(targets[t], t);
            for (int c = 0; c < categories.Count; c++)
            {
                long n = totals.GetValueOrDefault((targets[t], categories[c]));
                if (n == 0) continue;
                double value = log ? Math.Log10(n) + 1 : n;
                bars.Add(new Bar { Position = c + (t - (targets.Count - 1) / 2.0) * width, Value = value, Size = width * 0.95, FillColor = color, Label = Units.Count(n) });
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = targets[t], FillColor = color });
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 11;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        // Log bars start at 1 count = 10^0 drawn as height 1, so a single error still shows.
        if (log) LogScale.Apply(plot.Axes.Left, v => Units.Tick(v / 10));
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return ChartRenderer.Render(id, title, plot);
    }
}
