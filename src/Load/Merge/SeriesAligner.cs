namespace Bench.Load.Merge;

/// <summary>
/// Where each shard's per-second points land on the merged time axis: a shard whose measured phase
/// began d seconds after the earliest one's has its second s counted as second s + round(d). With
/// --start-at the shards begin within milliseconds, so every offset is 0; without it the points still
/// meet on the wall-clock second they were taken in.
/// </summary>
internal static class SeriesAligner
{
    public static int[] Offsets(IReadOnlyList<DateTimeOffset?> measuredFrom)
    {
        var known = measuredFrom.Where(m => m is not null).Select(m => m!.Value).ToList();
        if (known.Count == 0) return new int[measuredFrom.Count];
        var origin = known.Min();
        return measuredFrom.Select(m => m is { } t ? (int)Math.Round((t - origin).TotalSeconds, MidpointRounding.AwayFromZero) : 0).ToArray();
    }

    /// <summary>Groups every shard's points by merged second, in order.</summary>
    public static IEnumerable<(int Second, List<(int Shard, T Point)> Points)> Group<T>(IReadOnlyList<IReadOnlyList<T>> series, int[] offsets, Func<T, int> second) =>
        series.SelectMany((points, shard) => points.Select(p => (Second: second(p) + offsets[shard], Shard: shard, Point: p)))
            .GroupBy(x => x.Second)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Select(x => (x.Shard, x.Point)).ToList()));
}
