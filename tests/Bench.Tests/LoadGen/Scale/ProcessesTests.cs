using Bench.Load.Metrics;
using Bench.Load.Results;
using Bench.Tests.Load.Merge;
using Bench.Tests.LongLived;
using Bench.Tests.Load.Support;
using Xunit;

namespace Bench.Tests.LoadGen.Scale;

/// <summary>
/// <c>--processes 3</c> against the ASGI twin over real loopback sockets: three loadgen processes,
/// one merged result whose counts are the server's and whose histogram is the shards' summed.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class ProcessesTests
{
    [Fact]
    public async Task Three_processes_count_exactly_what_the_server_saw_and_merge_losslessly()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        long before = (await LongLivedTargets.WaitForStatsAsync(server, _ => true)).GetProperty("total_requests").GetInt64();
        string file = ScaleCli.TempFile("p3.json");

        var (exit, output, err) = await ScaleCli.RunAsync("run", "--url", LongLivedTargets.Http(server, "/hello").ToString(),
            "--vus", "7", "--duration", "2s", "--processes", "3", "--out", file);

        Assert.True(exit is 0 or 3, err);
        long after = (await LongLivedTargets.WaitForStatsAsync(server, _ => true)).GetProperty("total_requests").GetInt64();
        var merged = ResultsFile.Read(file);
        // The server counted every request of the three processes, plus the one /stats call between the readings.
        Assert.Equal(after - before - 1, merged.Totals.Requests);
        Assert.Equal(merged.Totals.Requests, merged.Totals.StatusCodes["200"]);

        var shards = Enumerable.Range(0, 3).Select(i => ResultsFile.Read(Path.Combine(file + ".shards", $"shard-{i}.json"))).ToList();
        Assert.Equal([3, 2, 2], shards.Select(s => s.Config.ModelDescription.Contains("3 of its 7", StringComparison.Ordinal) ? 3 : 2));
        Assert.Equal(shards.Sum(s => s.Totals.Requests), merged.Totals.Requests);
        Assert.All(shards, s => Assert.Equal(shards[0].Shard!.RunId, s.Shard!.RunId));
        var sum = LatencyRecorder.NewHistogram();
        foreach (var s in shards) sum.Add(HistogramCodec.Decode(s.Histograms["latency"]));
        var mergedHistogram = HistogramCodec.Decode(merged.Histograms["latency"]);
        MergeTests.AssertSameBuckets(sum, mergedHistogram);
        Assert.Equal(sum.GetValueAtPercentile(99), merged.Latency.Latency.P99);
        Assert.Equal(merged.Totals.Requests, merged.Series.Sum(p => p.Requests));
        Assert.Equal(3, merged.Merge!.Shards.Count);
        Assert.Contains("merged     3 shards", output);
    }

    [Fact]
    public async Task Sse_subscribers_over_three_processes_get_every_event()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        string file = ScaleCli.TempFile("sse3.json");

        var (exit, _, err) = await ScaleCli.RunAsync("run", "--scenario", "sse", "--url", LongLivedTargets.Http(server, "/").ToString(),
            "--connections", "301", "--ramp-rate", "0", "--events", "5", "--event-interval", "200ms", "--duration", "3s", "--processes", "3", "--out", file,
            // A starved machine (load average 100 seen here) can hold a process off the CPU for seconds: the count is the point, not the speed.
            "--timeout", "60s");

        Assert.True(exit is 0 or 3, err);
        var merged = ResultsFile.Read(file);
        var stream = Assert.IsType<StreamResult>(merged.Stream);
        Assert.Equal(301 * 5, stream.Counters["events"]);
        Assert.Equal(0, stream.Counters["gaps"]);
        Assert.Equal(301, stream.Gauges["streaming"].Peak);
        Assert.Equal(301, merged.Totals.Ok);
        Assert.Equal(301 * 5, stream.Latencies["lag"].Count);
    }

    [Fact]
    public async Task A_shard_process_that_cannot_start_is_named_in_one_line()
    {
        var (exit, _, err) = await ScaleCli.RunAsync("run", "--url", "http://127.0.0.1:9/", "--vus", "3", "--duration", "1s", "--processes", "2", "--timeout", "0ms");

        Assert.Equal(2, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("loadgen: --timeout: must be in [1ms, 1h]", line);
    }
}
