namespace Bench.Compare.History;

/// <summary>A change found in one metric's history: the commit that first measured the new level, and how far the level moved.</summary>
public sealed record MetricChange(string Cell, string Metric, string Commit, DateTimeOffset Time, int Index, double Before, double After, double PValue)
{
    public double Shift => Before == 0 ? double.NaN : After / Before - 1;
}

/// <summary>One metric's series from the history, with the changes found in it, for the trend charts.</summary>
public sealed record MetricSeries(string Cell, string Metric, IReadOnlyList<HistoryRow> Points, IReadOnlyList<MetricChange> Changes);

/// <summary>Runs change-point detection over every cell × metric series of a history.</summary>
public static class ChangePointReport
{
    /// <summary>Fewer points than this and no change can be told from noise (two segments of the detector's minimum).</summary>
    public static int MinPoints(EDivisive detector) => 2 * detector.MinSegment;

    public static IReadOnlyList<MetricSeries> Analyse(IReadOnlyList<HistoryRow> rows, EDivisive? detector = null)
    {
        detector ??= new EDivisive();
        var result = new List<MetricSeries>();
        foreach (var group in rows.GroupBy(r => (r.Cell, r.Metric)).OrderBy(g => g.Key.Cell, StringComparer.Ordinal).ThenBy(g => g.Key.Metric, StringComparer.Ordinal))
        {
            var points = group.ToList();
            var changes = points.Count < MinPoints(detector) ? [] : detector.Detect(points.Select(p => p.Value).ToList())
                .Select(c => new MetricChange(group.Key.Cell, group.Key.Metric, points[c.Index].Commit, points[c.Index].Time, c.Index, c.MeanBefore, c.MeanAfter, c.PValue))
                .ToList();
            result.Add(new MetricSeries(group.Key.Cell, group.Key.Metric, points, changes));
        }
        return result;
    }
}
