using Bench.Reporting.Model;

namespace Bench.Reporting.Charts;

/// <summary>
/// Groups cells into chart lines: one line per target (per target and scenario when the cells
/// mix scenarios), points ordered by x. Repeats at the same x collapse to their median, the
/// figure least moved by one noisy repeat on a shared machine.
/// </summary>
public static class CellSeries
{
    public sealed record Line(string Name, double[] Xs, double[] Ys);

    public static IReadOnlyList<Line> By(IEnumerable<ReportCell> cells, Func<ReportCell, double?> x, Func<ReportCell, double?> y)
    {
        var list = cells.ToList();
        bool mixed = list.Select(c => c.Scenario).Distinct().Count() > 1;
        var lines = new List<Line>();
        foreach (var group in list.GroupBy(c => mixed ? $"{c.Target} {c.Scenario}" : c.Target))
        {
            var points = group
                .Select(c => (X: x(c), Y: y(c)))
                .Where(p => p.X is { } px && p.Y is { } py && double.IsFinite(px) && double.IsFinite(py))
                .GroupBy(p => p.X!.Value)
                .OrderBy(g => g.Key)
                .Select(g => (X: g.Key, Y: Median(g.Select(p => p.Y!.Value))))
                .ToArray();
            if (points.Length > 0) lines.Add(new Line(group.Key, points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray()));
        }
        return lines;
    }

    /// <summary>Per series, the cell with the most load: where the models differ most.</summary>
    public static IReadOnlyList<ReportCell> Heaviest(IEnumerable<ReportCell> cells, Func<ReportCell, bool> usable)
    {
        var list = cells.Where(usable).ToList();
        bool mixed = list.Select(c => c.Scenario).Distinct().Count() > 1;
        return list
            .GroupBy(c => mixed ? $"{c.Target} {c.Scenario}" : c.Target)
            .Select(g => g.OrderByDescending(c => c.Connections ?? 0).ThenByDescending(c => c.OfferedRate ?? 0).ThenBy(c => c.Repeat).First())
            .ToList();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
