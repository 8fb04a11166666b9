using System.Diagnostics;
using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Bench.Suites;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

[Collection(ScenarioCollection.Name)]
public sealed class ServerKilledTests
{
    [Fact]
    public async Task WsEcho_counts_1006_when_the_server_is_killed_and_still_writes_results()
    {
        await using var server = await StartBenchServerAsync("asgi");
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
                Duration = TimeSpan.FromSeconds(3),
                MessageRate = 10,
            };
            using var scenario = ScenarioFactory.Create(spec);
            var run = new LoadRunner().RunAsync(ScenarioFactory.Plan(spec, scenario, limits: ScenarioRuns.Relaxed), new ResultsFileObserver(results, TextWriter.Null));
            await Task.Delay(1500);
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

    /// <summary>The built bench-server from the test output, through the one target launcher (ready line, /health).</summary>
    internal static Task<TargetProcess> StartBenchServerAsync(string kind, params string[] extra) =>
        TargetProcess.StartAsync(
            new TargetSpec { Name = kind, Kind = kind, Model = kind, ServerArgs = extra },
            Path.Combine(AppContext.BaseDirectory, "bench-server"), cpus: null, CancellationToken.None);

    internal static Process StartBenchServer(string kind, params string[] extra)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "bench-server");
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Port 0 picks a free one, unless the caller names a port (several servers sharing one with --reuse-port).
        string[] args = extra.Contains("--port") ? [kind, .. extra] : [kind, "--port", "0", .. extra];
        foreach (var a in args) info.ArgumentList.Add(a);
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
