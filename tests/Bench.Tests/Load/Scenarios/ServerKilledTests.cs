using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

[Collection(ScenarioCollection.Name)]
public sealed class ServerKilledTests
{
    [Fact]
    public async Task WsEcho_counts_1006_when_the_server_is_killed_and_still_writes_results()
    {
        await using var server = await ServerProcess.StartAsync("asgi");
        int port = server.BaseUrl.Port;
        string results = Path.Combine(Path.GetTempPath(), $"ws-killed-{Guid.NewGuid():N}.json");
        try
        {
            var spec = new StreamOptions
            {
                Kind = "ws-echo",
                Url = new Uri($"ws://127.0.0.1:{port}/"),
                Connections = 100,
                RampRate = 0,
                Duration = TimeSpan.FromSeconds(5),
                MessageRate = 10,
            };
            using var scenario = ScenarioFactory.Create(spec);
            // The kill comes once every client is open and echoes are flowing, as the run's own snapshots show.
            var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sampler = new ScenarioRuns.Sampler(s =>
            {
                if (s.Stream is { } ws && ws.Gauges[WsEchoLayout.OpenName].Current == 100 && ws.Counters["received"] >= 100) flowing.TrySetResult();
            });
            var run = new LoadRunner().RunAsync(ScenarioFactory.Plan(spec, scenario, limits: ScenarioRuns.Relaxed),
                new CompositeObserver(new ResultsFileObserver(results, TextWriter.Null), sampler));
            Assert.True(await Task.WhenAny(flowing.Task, run) == flowing.Task, "the echoes never flowed to all 100 clients before the run ended");
            server.Kill(); // this test's own child, SIGKILL: no close frames
            var result = await run;

            var ws = result.Stream!;
            Assert.Equal(100, ws.CloseCodes["1006"]);
            Assert.Equal(100, ws.Counters["abnormal_closes"]);
            Assert.True(ws.Counters["received"] > 0);
            Assert.Equal(100, result.Totals.Errors["reset"]);
            var written = ResultsFile.Read(results);
            Assert.Equal(RunStatus.Completed, written.Status);
            Assert.Equal(100, written.Stream!.CloseCodes["1006"]);
        }
        finally
        {
            File.Delete(results);
        }
    }
}
