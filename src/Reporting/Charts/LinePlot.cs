using ScottPlot;

namespace Bench.Reporting.Charts;

/// <summary>
/// The x/y line chart most report charts are: one line per series, optional log axes, legend.
/// Data are log-transformed here so the chart files only choose what to plot.
/// </summary>
public sealed class LinePlot
{
    private readonly List<(string Name, double[] Xs, double[] Ys, bool Secondary, string ColorKey)> _lines = [];

    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }

    /// <summary>Null: decide from the data (log when it spans two decades).</summary>
    public bool? LogX { get; init; }
    public bool? LogY { get; init; }

    public Func<double, string> XFormat { get; init; } = Units.Tick;
    public Func<double, string> YFormat { get; init; } = Units.Tick;

    /// <summary>Point markers help sparse sweeps (a few concurrency levels); dense curves such as a spectrum read better without.</summary>
    public bool Markers { get; init; } = true;

    public int Count => _lines.Count;

    /// <param name="secondary">
    /// A companion line (p50 beside p99): thin, open markers. Not a dash pattern: ScottPlot's SVG
    /// backend (Skia's SVG canvas) cannot write path effects and prints a warning per line.
    /// </param>
    public void Add(string name, double[] xs, double[] ys, bool secondary = false, string? colorKey = null) =>
        _lines.Add((name, xs, ys, secondary, colorKey ?? name));

    public void AddAll(IEnumerable<CellSeries.Line> lines, string suffix = "", bool secondary = false)
    {
        foreach (var l in lines) Add(l.Name + suffix, l.Xs, l.Ys, secondary, l.Name);
    }

    public ChartImage Render(Action<Plot, Func<double, double>, Func<double, double>>? decorate = null)
    {
        if (_lines.Count == 0 || _lines.All(l => l.Xs.Length == 0)) return ChartRenderer.NotMeasured(Id, Title);

        bool logX = LogX ?? LogScale.SpansDecades(_lines.SelectMany(l => l.Xs));
        bool logY = LogY ?? LogScale.SpansDecades(_lines.SelectMany(l => l.Ys));
        double floorY = Math.Max(_lines.SelectMany(l => l.Ys).Where(v => v > 0).DefaultIfEmpty(1).Min(), 1e-6);
        Func<double, double> tx = logX ? v => LogScale.Transform(v) : v => v;
        Func<double, double> ty = logY ? v => LogScale.Transform(v, floorY) : v => v;

        var plot = ChartStyle.NewPlot(Title, XLabel + (logX ? " (log)" : ""), YLabel + (logY ? " (log)" : ""));
        var keys = _lines.Select(l => l.ColorKey).Distinct().ToList();
        var colors = new Dictionary<string, Color>();
        int extra = 0;
        foreach (var (name, xs, ys, secondary, colorKey) in _lines)
        {
            // A target keeps its colour; a second series of the same target (another scenario)
            // takes the next free palette colour, or the legend could not tell them apart.
            // Secondary lines (p50) reuse their primary's colour.
            if (!colors.TryGetValue(colorKey, out var color))
            {
                color = ChartStyle.ForSeries(colorKey, keys.IndexOf(colorKey));
                while (colors.ContainsValue(color) && extra < 16) color = ChartStyle.ForSeries("", keys.Count + extra++);
                colors[colorKey] = color;
            }
            var s = plot.Add.Scatter(xs.Select(tx).ToArray(), ys.Select(ty).ToArray(), color);
            s.LegendText = name;
            s.LineWidth = secondary ? 1 : 2;
            s.MarkerSize = xs.Length == 1 ? 9 : Markers ? 6 : 0;
            if (secondary) s.MarkerShape = MarkerShape.OpenCircle;
        }
        if (logX) LogScale.Apply(plot.Axes.Bottom, XFormat);
        else plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = XFormat };
        if (logY) LogScale.Apply(plot.Axes.Left, YFormat);
        else
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = YFormat };
            // Throughput and latency start at zero: a floating baseline exaggerates small differences.
            plot.Axes.AutoScale();
            var limits = plot.Axes.GetLimits();
            if (limits.Bottom > 0) plot.Axes.SetLimitsY(0, limits.Top * 1.05);
        }
        decorate?.Invoke(plot, tx, ty);
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartRenderer.Render(Id, Title, plot);
    }
}
