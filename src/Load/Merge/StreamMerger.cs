using Bench.Load.Metrics;
using Bench.Load.Results;
using HdrHistogram;

namespace Bench.Load.Merge;

/// <summary>
/// Merges the long-lived figures of one scenario across shards: counters and close codes add up;
/// gauges add up (a peak is the sum of the shards' peaks: the most the shards can have held at
/// once, exact when they peak together as held connections do); latencies come from the summed
/// histograms; per-second points meet on their wall-clock second.
/// </summary>
internal static class StreamMerger
{
    public static StreamResult Merge(IReadOnlyList<StreamResult> shards, int[] offsets, IReadOnlyDictionary<string, HistogramBase> histograms, double elapsedSeconds)
    {
        var first = shards[0];
        var gauges = first.Gauges.Keys.ToDictionary(name => name, name =>
        {
            var g = shards.Select(s => s.Gauges.GetValueOrDefault(name) ?? new GaugeSummary(0, 0, null)).ToList();
            return new GaugeSummary(g.Sum(x => x.Current), g.Sum(x => x.Peak), g.All(x => x.AtHoldEnd is not null) ? g.Sum(x => x.AtHoldEnd!.Value) : null);
        });
        var latencies = first.Latencies.Keys.ToDictionary(name => name,
            name => histograms.TryGetValue($"{first.Kind}.{name}", out var h) ? Percentiles.Summarize(h) : Percentiles.Summarize(LatencyRecorder.NewHistogram()));
        var merged = first with
        {
            Counters = CountTables.Sum(shards.Select(s => s.Counters)),
            Gauges = gauges,
            Latencies = latencies,
            CloseCodes = CountTables.Sum(shards.Select(s => s.CloseCodes)),
            Series = MergeSeries(shards.Select(s => s.Series).ToList(), offsets),
            Capacity = null,
            GeneratorMemory = Memory(shards.Select(s => s.GeneratorMemory).ToList()),
            Findings = [],
        };
        var findings = StreamCatalog.Layouts.GetValueOrDefault(first.Kind)?.Findings?.Invoke(merged, elapsedSeconds) ?? shards.SelectMany(s => s.Findings).ToArray();
        return merged with { Findings = findings };
    }

    private static StreamPoint[] MergeSeries(IReadOnlyList<IReadOnlyList<StreamPoint>> series, int[] offsets) =>
        SeriesAligner.Group(series, offsets, p => p.Second).Select(g =>
        {
            var points = g.Points.Select(x => x.Point).ToList();
            var recorders = points.SelectMany(p => p.P99.Keys).Distinct().ToList();
            var perSecond = points.All(p => p.Histograms is not null)
                ? recorders.ToDictionary(r => r, r => HistogramSum.Of(points.Select(p => p.Histograms!.GetValueOrDefault(r))))
                : null;
            return new StreamPoint(
                g.Second,
                g.Points.Max(x => x.Point.ElapsedSeconds + offsets[x.Shard]),
                CountTables.Sum(points.Select(p => p.Counters)),
                CountTables.Sum(points.Select(p => p.Gauges)),
                // Without per-second histograms (older shard files) the slowest shard's p99 stands in: never below the true p99's bucket.
                recorders.ToDictionary(r => r, r => perSecond is not null
                    ? (perSecond[r].TotalCount > 0 ? perSecond[r].GetValueAtPercentile(99) : 0)
                    : points.Max(p => p.P99.GetValueOrDefault(r))))
            {
                Histograms = perSecond?.ToDictionary(kv => kv.Key, kv => HistogramCodec.Encode(kv.Value)),
            };
        }).ToArray();

    /// <summary>The generator as a whole: memory of all shard processes added, per connection over all connections.</summary>
    private static MemoryInfo? Memory(IReadOnlyList<MemoryInfo?> shards)
    {
        if (shards.Any(m => m is null)) return null;
        var m = shards.Select(x => x!).ToList();
        long connections = m.Sum(x => x.Connections);
        long rssStart = m.Sum(x => x.RssStartKiB), rssEnd = m.Sum(x => x.RssAtHoldEndKiB), rssGc = m.Sum(x => x.RssAfterGcKiB);
        long heapStart = m.Sum(x => x.HeapStartKiB), live = m.Sum(x => x.LiveHeapKiB);
        double per(long end, long start) => connections > 0 ? Math.Round((double)(end - start) / connections, 2) : 0;
        return new MemoryInfo(connections, rssStart, rssEnd, rssGc, heapStart, m.Sum(x => x.HeapAtHoldEndKiB), live,
            per(rssEnd, rssStart), per(rssGc, rssStart), per(live, heapStart))
        {
            GcCommittedKiB = m.Sum(x => x.GcCommittedKiB),
            GcFragmentedKiB = m.Sum(x => x.GcFragmentedKiB),
            DescriptorsAtHoldEnd = m.Sum(x => x.DescriptorsAtHoldEnd),
        };
    }
}
