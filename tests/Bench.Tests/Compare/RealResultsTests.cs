using Bench.Compare;
using Bench.Compare.Inputs;
using Bench.Compare.Model;
using Bench.Load.Metrics;
using Bench.Load.Results;
using Bench.LoadGen.Cli;
using Bench.Tests.Load.Support;
using Bench.Tests.LongLived;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary>
/// Compare over files <c>loadgen run</c> really wrote, an HTTP run and an SSE run: every number it
/// takes is the one the run recorded, found under the field loadgen wrote it in. A field of
/// RunResult that compare read by a name of its own would be missed here the day it was renamed.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class RealResultsTests
{
    [Fact]
    public async Task Compare_takes_an_http_runs_rate_latency_errors_host_and_time_from_the_file_loadgen_wrote()
    {
        await using var first = await TestServer.StartAsync();
        await using var second = await TestServer.StartAsync();
        string dir = Directory.CreateTempSubdirectory("compare-real-http-").FullName;
        try
        {
            string baseFile = Path.Combine(dir, "base.json"), headFile = Path.Combine(dir, "head.json");
            await LoadGenAsync("run", "--url", first.Url("/hello").ToString(), "--vus", "2", "--duration", "2s", "--out", baseFile);
            await LoadGenAsync("run", "--url", second.Url("/hello").ToString(), "--vus", "2", "--duration", "2s", "--out", headFile);
            var run = ResultsFile.Read(baseFile);
            Assert.True(run.Totals.Requests > 0 && run.Latency.Latency.Count > 0, "the run made no requests");

            var set = ResultsLoader.Load(baseFile);
            // The cell is the run's own description, its URL cut to the path: the port differs between two servers.
            string cell = Assert.Single(set.Observations, o => o.Metric == MetricIds.Throughput).Cell;
            Assert.Contains(" /hello ", cell, StringComparison.Ordinal);
            Assert.DoesNotContain($":{first.BaseAddress.Port}", cell, StringComparison.Ordinal);
            Assert.EndsWith(run.Config.ModelDescription, cell, StringComparison.Ordinal);
            Assert.Equal(run.Totals.Rate, Value(set, cell, MetricIds.Throughput));
            Assert.Equal((double)run.Latency.Latency.P50, Value(set, cell, MetricIds.P50));
            Assert.Equal((double)run.Latency.Latency.P99, Value(set, cell, MetricIds.P99));
            Assert.Equal((double)run.Totals.Failed, Value(set, cell, MetricIds.Errors));
            Assert.Equal(new[] { run.Machine.Hostname }, set.Hosts);
            Assert.Equal((DateTimeOffset?)run.StartedAt, set.Start);
            Assert.Equal(run.EndedAt, set.End);

            // Runs against two servers meet in one cell, each side with its one value.
            var row = Assert.Single(Comparer.Compare(baseFile, headFile).Rows, r => r.Metric.Id == MetricIds.Throughput);
            Assert.Equal(cell, row.Cell);
            Assert.Equal((1, 1), (row.Base!.N, row.Head!.N));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Compare_takes_every_correctness_counter_an_sse_run_wrote()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        string dir = Directory.CreateTempSubdirectory("compare-real-sse-").FullName;
        try
        {
            string file = Path.Combine(dir, "run.json");
            await LoadGenAsync("run", "--scenario", "sse", "--url", $"http://127.0.0.1:{server.Port}/", "--connections", "5",
                "--events", "3", "--event-interval", "100ms", "--duration", "2s", "--out", file);
            var run = ResultsFile.Read(file);
            var stream = Assert.IsType<StreamResult>(run.Stream);
            Assert.Equal(SseLayout.Prefix, stream.Kind);
            Assert.True(stream.Counters[SseLayout.EventsName] > 0, "the run received no events");

            var set = ResultsLoader.Load(file);
            string cell = Assert.Single(set.Observations.Select(o => o.Cell).Distinct());
            Assert.DoesNotContain($":{server.Port}", cell, StringComparison.Ordinal);
            // Every counter the SSE layout calls a violation is in the file and reaches the gate under its name.
            Assert.NotEmpty(SseLayout.Layout.Violations!);
            foreach (var violation in SseLayout.Layout.Violations!)
                Assert.Equal((double)stream.Counters[violation], Value(set, cell, MetricIds.Stream(SseLayout.Prefix, violation)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Value(ResultSet set, string cell, string metric)
    {
        var found = set.Observations.Where(o => o.Cell == cell && o.Metric == metric).ToList();
        Assert.True(found.Count == 1, $"{found.Count} observations of {metric} for '{cell}'; read: {string.Join(", ", set.Observations.Select(o => $"{o.Cell} {o.Metric}"))}");
        return found[0].Value;
    }

    private static async Task LoadGenAsync(params string[] args)
    {
        var stderr = new StringWriter();
        int exit = await LoadGenCli.RunAsync(args, TextWriter.Null, stderr);
        // 0 passed, 3 invalid: the server shares this process's CPU, which the validity guard may call out.
        Assert.True(exit is 0 or 3, $"loadgen {string.Join(' ', args)} exited {exit}: {stderr}");
    }
}
