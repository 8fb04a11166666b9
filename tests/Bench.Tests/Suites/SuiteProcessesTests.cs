using Bench.Load.Metrics;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Suites;
using Bench.Suites.Results;
using Bench.Tests.LoadGen.Scale;
using Bench.Tests.LongLived;
using Bench.Tests.Load.Merge;
using Xunit;

namespace Bench.Tests.Suites;

/// <summary>
/// A suite group with <c>"processes": 2</c>: each cell runs as two loadgen shard processes against a
/// real twin over loopback, and the cell's run is their lossless merge, counted exactly as the server counted.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SuiteProcessesTests
{
    private static string Suite(string url, string group) => $$"""
        {
          "name": "processes",
          "targets": [ { "name": "asgi", "kind": "url", "model": "asgi", "url": "{{url}}" } ],
          "scenarios": [ { "name": "hello", "kind": "http", "path": "/hello" } ],
          "groups": [ {{group}} ]
        }
        """;

    [Fact]
    public async Task A_group_with_two_processes_runs_each_cell_as_two_shards_whose_merge_the_server_counted()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        var validation = SuiteParser.Parse(Suite(LongLivedTargets.Http(server, "/").ToString(),
            """{ "name": "g", "targets": ["asgi"], "scenarios": ["hello"], "connections": [5], "processes": 2, "warmup": "0s", "duration": "2s", "gracefulStop": "2s", "timeout": "30s" }"""));
        Assert.True(validation.Ok, string.Join("\n", validation.Problems));
        string reports = Directory.CreateTempSubdirectory("suite-processes-").FullName;
        var options = new SuiteRunOptions { ReportsDirectory = reports, RunId = "run", ServerPath = RepoPaths.ServerExecutable() };
        long before = (await LongLivedTargets.WaitForStatsAsync(server, _ => true)).GetProperty("total_requests").GetInt64();

        var results = await new SuiteRunner(options, new SilentSuiteProgress()).RunAsync(validation.Suite!, null,
            RunMetadata.Collect(RepoPaths.ServerExecutable(), new Pinning(false, [], [], "none", "test")), CancellationToken.None);

        long after = (await LongLivedTargets.WaitForStatsAsync(server, _ => true)).GetProperty("total_requests").GetInt64();
        var cell = Assert.Single(results.Cells);
        Assert.True(cell.Status == CellStatus.Completed, $"{cell.Status}: {cell.Reason}");
        var run = cell.Run!;
        // The server counted every request of both shard processes, plus the /stats call that read "before"
        // and the suite's one /health check of the running target.
        Assert.Equal(after - before - 2, run.Totals.Requests);
        Assert.True(run.Totals.Requests > 0);
        Assert.Equal(run.Totals.Requests, run.Totals.StatusCodes["200"]);
        Assert.Equal(2, run.Merge!.Shards.Count);

        string dir = Path.Combine(reports, "run", "shards", "cell-000");
        var shards = Enumerable.Range(0, 2).Select(i => ResultsFile.Read(Path.Combine(dir, $"shard-{i}.json"))).ToList();
        Assert.Equal([new Shard(0, 2), new Shard(1, 2)], shards.Select(s => new Shard(s.Shard!.Index, s.Shard.Count)));
        Assert.Contains("3 of its 5", shards[0].Config.ModelDescription);
        Assert.Contains("2 of its 5", shards[1].Config.ModelDescription);
        Assert.Equal(shards.Sum(s => s.Totals.Requests), run.Totals.Requests);
        var sum = LatencyRecorder.NewHistogram();
        foreach (var s in shards) sum.Add(HistogramCodec.Decode(s.Histograms["latency"]));
        MergeTests.AssertSameBuckets(sum, HistogramCodec.Decode(run.Histograms["latency"]));
        // The suite's results file holds the merged run, as a report reads it.
        Assert.Equal(run.Totals.Requests, SuiteResultsFile.Read(options.ResultsPath).Cells[0].Run!.Totals.Requests);
    }

    [Fact]
    public void Processes_raise_the_connection_limit_one_process_has_and_are_bounded()
    {
        const string url = "http://127.0.0.1:9/";
        var two = SuiteParser.Parse(Suite(url, """{ "name": "g", "targets": ["asgi"], "scenarios": ["hello"], "connections": [30000], "processes": 2 }"""));
        var one = SuiteParser.Parse(Suite(url, """{ "name": "g", "targets": ["asgi"], "scenarios": ["hello"], "connections": [30000] }"""));
        var tooMany = SuiteParser.Parse(Suite(url, """{ "name": "g", "targets": ["asgi"], "scenarios": ["hello"], "connections": [1], "processes": 65 }"""));

        Assert.True(two.Ok, string.Join("\n", two.Problems));
        Assert.Equal(2, two.Suite!.Groups[0].Processes);
        Assert.Contains(one.Problems, p => p.StartsWith("groups[0].connections[0]", StringComparison.Ordinal) && p.Contains("20000", StringComparison.Ordinal));
        Assert.Contains(tooMany.Problems, p => p.StartsWith("groups[0].processes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Loadgen_cell_names_a_cell_the_suite_does_not_have_in_one_line()
    {
        string file = ScaleCli.TempFile("suite.json");
        File.WriteAllText(file, Suite("http://127.0.0.1:9/", """{ "name": "g", "targets": ["asgi"], "scenarios": ["hello"], "connections": [2] }"""));

        var (exit, _, err) = await ScaleCli.RunAsync("cell", file, "g/asgi/hello/c3/1", "--url", "http://127.0.0.1:9/");

        Assert.Equal(2, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("loadgen: cell: no cell 'g/asgi/hello/c3/1'", line);
    }
}
