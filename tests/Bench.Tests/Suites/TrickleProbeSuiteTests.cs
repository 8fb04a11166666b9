using Bench.Suites;
using Bench.Suites.Claims;
using Bench.Suites.Results;
using Bench.Tests.LongLived;
using Xunit;

namespace Bench.Tests.Suites;

/// <summary>
/// A trickle-probe cell through the suite runner against a real twin: the cell's run is a mixed run of
/// its slow clients and its probe (its progress printed as the suite prints it), and the claim facts read the probe's own figures from it.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TrickleProbeSuiteTests
{
    [Fact]
    public async Task A_trickle_probe_cell_runs_its_slow_clients_beside_the_probe_and_the_facts_read_the_probe()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        var validation = SuiteParser.Parse($$"""
            {
              "name": "slow",
              "targets": [ { "name": "asgi", "kind": "url", "model": "asgi", "url": "{{LongLivedTargets.Http(server, "/")}}" } ],
              "scenarios": [ { "name": "slow-8", "kind": "trickle-probe", "clients": 8, "trickleInterval": "200ms", "probeDelay": "500ms" } ],
              "groups": [ { "name": "g", "claim": 8, "targets": ["asgi"], "scenarios": ["slow-8"], "connections": [2], "warmup": "0s", "duration": "2s", "gracefulStop": "2s" } ]
            }
            """);
        Assert.True(validation.Ok, string.Join("\n", validation.Problems));
        var options = new SuiteRunOptions { ReportsDirectory = Directory.CreateTempSubdirectory("suite-trickle-").FullName, RunId = "run", ServerPath = RepoPaths.ServerExecutable() };
        long before = (await LongLivedTargets.WaitForStatsAsync(server, _ => true)).GetProperty("total_requests").GetInt64();

        // The plain progress lines too: a mixed run's first snapshots have no per-second point yet.
        var progress = new StringWriter();
        var results = await new SuiteRunner(options, new PlainSuiteProgress(progress)).RunAsync(validation.Suite!, null,
            RunMetadata.Collect(RepoPaths.ServerExecutable(), new Pinning(false, [], [], "none", "test")), CancellationToken.None);

        long after = (await LongLivedTargets.WaitForStatsAsync(server, _ => true)).GetProperty("total_requests").GetInt64();
        var cell = Assert.Single(results.Cells);
        Assert.True(cell.Status == CellStatus.Completed, $"{cell.Status}: {cell.Reason}");
        var parts = cell.Run!.Scenarios!;
        Assert.Equal([TrickleProbeNames.Trickle, TrickleProbeNames.Probe], parts.Select(p => p.Name));
        var probe = parts[1].Result;
        var trickle = parts[0].Result.Stream!;
        Assert.Equal(8, trickle.Gauges["trickling"].Peak);
        // Heads finish only every ~16 s at 200 ms a byte: the server saw the probe's requests, its health check and the /stats before.
        Assert.Equal(0, trickle.Counters["heads"]);
        Assert.Equal(after - before - 2, probe.Totals.Requests);
        var facts = Assert.Single(CellFacts.From(results.Cells));
        Assert.Equal(8, facts.Trickling);
        Assert.Equal(probe.Latency.Latency.P99 / 1000.0, facts.ProbeP99Ms);
        Assert.True(facts.ProbeThroughput > 0);
        Assert.Contains("slow-8", progress.ToString());
    }
}
