using System.Diagnostics;
using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

[Collection(ScenarioCollection.Name)]
public sealed class ServerKilledTests
{
    [Fact]
    public async Task WsEcho_counts_1006_when_the_server_is_killed_and_still_writes_results()
    {
        using var server = StartBenchServer("asgi");
        int port = await ReadPortAsync(server);
        string results = Path.Combine(Path.GetTempPath(), $"ws-killed-{Guid.NewGuid():N}.json");
        try
        {
            var spec = new StreamOptions
            {
                Kind = "ws-echo",
                Url = new Uri($"ws://127.0.0.1:{port}/"),
                Connections = 100,
                RampRate = 0,
                Duration = TimeSpan.FromSeconds(3),
                MessageRate = 10,
            };
            using var scenario = ScenarioFactory.Create(spec);
            var run = new LoadRunner().RunAsync(ScenarioFactory.Plan(spec, scenario, limits: ScenarioRuns.Relaxed), new ResultsFileObserver(results, TextWriter.Null));
            await Task.Delay(1500);
            server.Kill(); // by this process's own child PID: SIGKILL, no close frames
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

    internal static Process StartBenchServer(string kind, params string[] extra)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "bench-server");
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[kind, "--port", "0", .. extra]) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    internal static async Task<int> ReadPortAsync(Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("listening on http://", StringComparison.Ordinal)) return new Uri(line["listening on ".Length..]).Port;
        throw new InvalidOperationException("bench-server printed no ready line");
    }
}
