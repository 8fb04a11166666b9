using System.Text.Json;
using Bench.Load.Merge;
using Bench.Load.Metrics;
using Bench.Load.Results;
using HdrHistogram;
using Xunit;

namespace Bench.Tests.Load.Merge;

/// <summary>
/// Merge on synthetic shards whose raw values the test keeps: the merged histogram must be the
/// histogram of every value, bucket for bucket, and its p99 the p99 of the raw values.
/// </summary>
public sealed class MergeTests
{
    [Fact]
    public void Three_shards_merge_to_the_histogram_of_all_their_values()
    {
        var random = new Random(13);
        // Below 2,048 µs a 3-digit HdrHistogram has one bucket per microsecond, so percentiles are the raw values themselves.
        var values = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 4000 + random.Next(500)).Select(_ => (long)random.Next(1, 2048)).ToArray()).ToArray();
        values[1][0] = 2047; // the largest value sits in one shard only
        var shards = values.Select((v, i) => ShardResults.Make(i, 3, v)).ToList();

        var merged = RunMerger.Merge(shards);

        var all = values.SelectMany(v => v).ToArray();
        var expected = LatencyRecorder.NewHistogram();
        foreach (long v in all) expected.RecordValue(v);
        var actual = HistogramCodec.Decode(merged.Histograms["latency"]);
        AssertSameBuckets(expected, actual);
        Assert.Equal(all.Length, merged.Totals.Requests);
        Assert.Equal(NearestRank(all, 99), merged.Latency.Latency.P99);
        Assert.Equal(NearestRank(all, 50), merged.Latency.Latency.P50);
        Assert.Equal(all.Max(), merged.Latency.Latency.Max);
        Assert.Equal(0, merged.ExitCode);
        Assert.Equal(3, merged.Merge!.Shards.Count);
        Assert.Null(merged.Shard);
    }

    [Fact]
    public void Large_values_merge_bucket_for_bucket_too()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 3000).Select(_ => (long)Math.Exp(random.NextDouble() * 18)).Select(v => Math.Max(1, v)).ToArray()).ToArray();
        var merged = RunMerger.Merge(values.Select((v, i) => ShardResults.Make(i, 3, v)).ToList());

        var expected = LatencyRecorder.NewHistogram();
        foreach (long v in values.SelectMany(v => v)) expected.RecordValue(v);
        AssertSameBuckets(expected, HistogramCodec.Decode(merged.Histograms["latency"]));
        // HdrHistogram reports a bucket's highest equivalent value: p99 is the raw p99's bucket, exactly.
        Assert.Equal(expected.HighestEquivalentValue(NearestRank(values.SelectMany(v => v).ToArray(), 99)), merged.Latency.Latency.P99);
    }

    [Fact]
    public void Per_second_points_meet_on_their_wall_clock_second()
    {
        var early = ShardResults.Make(0, 2, [100, 200, 300], seconds: 3);
        var late = ShardResults.Make(1, 2, [400, 500, 600], seconds: 3, startedLate: TimeSpan.FromSeconds(1));

        var merged = RunMerger.Merge([early, late]);

        Assert.Equal([1, 2, 3, 4], merged.Series.Select(p => p.Second));
        // Each synthetic shard puts one request in each of its seconds.
        Assert.Equal([1, 2, 2, 1], merged.Series.Select(p => p.Requests));
        Assert.Equal(4, merged.Totals.DurationSeconds);
    }

    [Fact]
    public void An_invalid_shard_makes_the_merge_invalid_and_is_named()
    {
        var shards = Enumerable.Range(0, 3).Select(i => ShardResults.Make(i, 3, [100, 200, 300])).ToList();
        shards[2] = shards[2] with { Result = shards[2].Result with { Validity = shards[2].Result.Validity with { Valid = false, Reasons = ["loadgen used 97% of its 1 core(s)"] } } };

        var merged = RunMerger.Merge(shards);

        Assert.False(merged.Validity.Valid);
        Assert.Equal(3, merged.ExitCode);
        Assert.Contains(merged.Validity.Reasons, r => r.StartsWith("shard 2/3 (host-2): loadgen used 97%", StringComparison.Ordinal));
    }

    [Fact]
    public void Thresholds_are_judged_again_on_the_merged_data()
    {
        // Each shard alone has p99 <= 1 ms; the merge holds the slow shard's tail too.
        var shards = new[] { ShardResults.Make(0, 2, Enumerable.Repeat(500L, 1000).ToArray(), thresholds: ["p99<1ms"]),
            ShardResults.Make(1, 2, Enumerable.Repeat(1500L, 1000).ToArray(), thresholds: ["p99<1ms"]) };

        var merged = RunMerger.Merge(shards);

        var t = Assert.Single(merged.Thresholds);
        Assert.False(t.Passed);
        Assert.Equal(1.5, t.Actual);
        Assert.Equal(1, merged.ExitCode);
    }

    [Fact]
    public void Refusals_are_one_line_naming_the_file()
    {
        var a = ShardResults.Make(0, 3, [1]);
        var b = ShardResults.Make(1, 3, [1]);
        var c = ShardResults.Make(2, 3, [1]);

        Assert.Equal("shard 2/3 is missing (got 0, 1): a merge needs all 3 shard files", Refused([a, b]));
        Assert.Equal("shard 1/3 is given twice (shard-1.json and shard-1.json)", Refused([a, b, b, c]));
        Assert.StartsWith("shard-1.json is shard 1/4 but shard-0.json is one of 3 shards", Refused([a, ShardResults.Make(1, 4, [1]), c]));
        Assert.StartsWith("shard-1.json is not a shard of the same run as shard-0.json: targets differ",
            Refused([a, b with { Result = b.Result with { Config = b.Result.Config with { Target = "http://127.0.0.1:9/other" } } }, c]));
        Assert.StartsWith("shard-1.json: not a shard file", Refused([a, b with { Result = b.Result with { Shard = null } }, c]));
    }

    private static string Refused(IReadOnlyList<ShardFile> files) => Assert.Throws<MergeRefusedException>(() => RunMerger.Merge(files)).Message;

    internal static void AssertSameBuckets(HistogramBase expected, HistogramBase actual)
    {
        Assert.Equal(expected.TotalCount, actual.TotalCount);
        var e = expected.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
        var a = actual.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
        Assert.Equal(e, a);
    }

    /// <summary>The smallest value with at least p% of all values at or below it (HdrHistogram's definition).</summary>
    private static long NearestRank(long[] values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        long rank = Math.Max(1, (long)Math.Ceiling(p / 100 * sorted.Length));
        return sorted[rank - 1];
    }
}

/// <summary>Shard files made from given latency values, one request per value, spread over the seconds.</summary>
internal static class ShardResults
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    public static ShardFile Make(int index, int count, long[] values, int seconds = 2, TimeSpan startedLate = default, string[]? thresholds = null)
    {
        var total = LatencyRecorder.NewHistogram();
        var series = new List<TimeSeriesPoint>();
        var perSecond = Enumerable.Range(0, seconds).Select(_ => LatencyRecorder.NewHistogram()).ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            total.RecordValue(values[i]);
            perSecond[i % seconds].RecordValue(values[i]);
        }
        for (int s = 0; s < seconds; s++)
        {
            var h = perSecond[s];
            series.Add(new TimeSeriesPoint(s + 1, s + 1, h.TotalCount, 0, h.TotalCount, 0, 1,
                h.TotalCount > 0 ? h.GetValueAtPercentile(50) : 0, h.TotalCount > 0 ? h.GetValueAtPercentile(99) : 0, h.TotalCount > 0 ? h.GetMaxValue() : 0, 0, HistogramCodec.Encode(h)));
        }
        var summary = Percentiles.Summarize(total);
        var result = new RunResult
        {
            Status = RunStatus.Completed,
            StartedAt = T0,
            MeasuredFrom = T0 + startedLate,
            EndedAt = T0 + startedLate + TimeSpan.FromSeconds(seconds),
            Config = new RunConfig("http", "http://127.0.0.1:8000/hello", "constant-vus", $"3 VUs for {seconds}s; shard {index}/{count}: 1 of its 3 VUs",
                JsonSerializer.SerializeToElement(new { vus = 3, duration = $"00:00:{seconds:00}" }), 0, 10, 10, thresholds ?? [], null, null),
            Machine = new MachineInfo($"host-{index}", "Linux", "6.1", "X64", "Test CPU", 2, [0, 1], 8L << 30, ".NET 10.0.0", "0.0.0", "workstation"),
            Totals = new Totals(values.Length, values.Length, 0, 0, seconds, (double)values.Length / seconds, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long> { ["200"] = values.Length }),
            Latency = new LatencyBreakdown(summary, summary, Percentiles.Summarize(LatencyRecorder.NewHistogram()), Percentiles.Summarize(LatencyRecorder.NewHistogram()), Percentiles.Summarize(LatencyRecorder.NewHistogram())),
            Series = series,
            Histograms = new Dictionary<string, string> { ["latency"] = HistogramCodec.Encode(total), ["uncorrected"] = HistogramCodec.Encode(total) },
            Validity = new Validity(true, [], 20, 1, 100, 100, 0, 0),
            ExitCode = 0,
            Shard = new ShardInfo(index, count, $"host-{index}", $"3 VUs for {seconds}s", null, null, null),
        };
        return new ShardFile($"/tmp/shards/shard-{index}.json", result);
    }
}
