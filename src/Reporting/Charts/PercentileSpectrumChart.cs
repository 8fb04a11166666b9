using Bench.Load.Metrics;
using Bench.Reporting.Model;
using HdrHistogram;

namespace Bench.Reporting.Charts;

/// <summary>
/// HdrHistogram's "latency by percentile distribution" plot: x = 1/(1−p) on a log scale, so
/// 90 %, 99 %, 99.9 %, 99.99 % are evenly spaced and the tail gets as much room as the median.
/// One line per series, from its heaviest cell's lossless histogram.
/// </summary>
public static class PercentileSpectrumChart
{
    private static readonly string[] TickLabels = ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"];

    public static ChartImage Render(string id, IEnumerable<ReportCell> cells, string histogram = "latency", string title = "Latency by percentile")
    {
        var heaviest = CellSeries.Heaviest(cells, c => c.Result?.Histograms.ContainsKey(histogram) == true);
        bool oneScenario = heaviest.Select(c => c.Scenario).Distinct().Count() <= 1;
        var chart = new LinePlot
        {
            Id = id,
            Title = title,
            XLabel = "percentile",
            YLabel = "latency (ms)",
            LogX = false,
            Markers = false,
        };
        int maxDecade = 1;
        foreach (var cell in heaviest)
        {
            if (!TryDecode(cell.Result!.Histograms[histogram], out var h) || h.TotalCount == 0) continue;
            var (xs, ys) = Spectrum(h);
            if (xs.Length == 0) continue;
            maxDecade = Math.Max(maxDecade, (int)Math.Ceiling(xs[^1]));
            string name = (oneScenario ? cell.Target : $"{cell.Target} {cell.Scenario}") + (cell.Connections is { } c ? $" c={c}" : "");
            chart.Add(name, xs, ys);
        }
        int top = Math.Min(maxDecade, TickLabels.Length - 1);
        return chart.Render((plot, _, _) =>
        {
            double[] positions = Enumerable.Range(0, top + 1).Select(i => (double)i).ToArray();
            plot.Axes.Bottom.SetTicks(positions, TickLabels[..(top + 1)]);
            // A little room past the last decade so its tick label is not cut at the edge.
            plot.Axes.SetLimitsX(0, top + 0.12);
        });
    }

    /// <summary>x already log10(1/(1−p)); y in ms. Stops before p = 100 %, where 1/(1−p) is infinite.</summary>
    public static (double[] Xs, double[] Ys) Spectrum(HistogramBase h)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var v in h.Percentiles(5))
        {
            double p = v.PercentileLevelIteratedTo / 100.0;
            if (p >= 1) break;
            xs.Add(Math.Log10(1 / (1 - p)));
            ys.Add(h.HighestEquivalentValue(v.ValueIteratedTo) / 1000.0);
        }
        return (xs.ToArray(), ys.ToArray());
    }

    public static bool TryDecode(string encoded, out HistogramBase histogram)
    {
        try
        {
            histogram = HistogramCodec.Decode(encoded);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            // One corrupt histogram must not take the whole report down; the chart shows the other lines.
            histogram = null!;
            return false;
        }
    }
}
