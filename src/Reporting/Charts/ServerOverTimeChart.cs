using Bench.Reporting.Model;

namespace Bench.Reporting.Charts;

/// <summary>One server metric (RSS, threads or CPU) over the run, one line per target's heaviest cell.</summary>
public static class ServerOverTimeChart
{
    public static ChartImage Render(string id, IEnumerable<ReportCell> cells, ServerMetric metric)
    {
        var chart = new LinePlot
        {
            Id = id,
            Title = $"{Capitalized(metric.Name)} over time",
            XLabel = "time (s)",
            YLabel = $"{metric.Name} ({metric.Unit})",
            LogX = false,
            LogY = false,
        };
        foreach (var cell in CellSeries.Heaviest(cells, c => c.Samples.Any(s => metric.Read(s) is not null)))
        {
            var points = cell.Samples.Where(s => metric.Read(s) is not null).ToArray();
            chart.Add(cell.Label, points.Select(s => s.ElapsedSeconds).ToArray(), points.Select(s => metric.Read(s)!.Value).ToArray());
        }
        return chart.Render();
    }

    internal static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
