using System.Text.Json;
using Bench.Load.Scenarios;
using Bench.Tests.LongLived;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

/// <summary>
/// The ASGI twin times its own share of every WebSocket echo (/stats ws_echo_server_us): one figure per
/// echo, and never more than the round trip the client measured around it.
/// </summary>
[Collection(ScenarioCollection.Name)]
public sealed class ServerEchoTimeTests
{
    [Fact]
    public async Task The_server_times_every_echo_and_its_share_is_within_the_clients_round_trip()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        var result = await ScenarioRuns.RunAsync(new StreamOptions
        {
            Kind = "ws-echo",
            Url = LongLivedTargets.Ws(server, "/"),
            Connections = 200,
            RampRate = 0,
            Duration = TimeSpan.FromSeconds(3),
            MessageSize = 64,
            MessageRate = 5,
        });
        var ws = result.Stream!;
        long received = ws.Counters["received"];
        Assert.True(received >= 200 * 5, $"received {received}");

        var stats = await LongLivedTargets.WaitForStatsAsync(server, s => s.TryGetProperty("ws_echo_server_us", out _));
        var echoes = stats.GetProperty("ws_echo_server_us");
        Assert.Equal(received, echoes.GetProperty("count").GetInt64());

        // Each server interval lies inside its client round trip (one machine, one monotonic clock), so every
        // percentile is at most the client's; 1 % and 1 µs of slack for the histograms' bucket edges.
        var rtt = ws.Latencies["rtt_uncorrected"];
        Assert.InRange(echoes.GetProperty("p50").GetInt64(), 1, rtt.P50 * 1.01 + 1);
        Assert.InRange(echoes.GetProperty("p99").GetInt64(), 1, rtt.P99 * 1.01 + 1);
        Assert.InRange(echoes.GetProperty("max").GetInt64(), 1, rtt.Max * 1.01 + 1);

        // ?reset=1 answers, then starts afresh: the next reading has no echoes to report.
        using var client = new HttpClient();
        var reset = JsonDocument.Parse(await client.GetStringAsync(LongLivedTargets.Http(server, "/stats?reset=1"))).RootElement;
        Assert.Equal(received, reset.GetProperty("ws_echo_server_us").GetProperty("count").GetInt64());
        var after = JsonDocument.Parse(await client.GetStringAsync(LongLivedTargets.Http(server, "/stats"))).RootElement;
        Assert.False(after.TryGetProperty("ws_echo_server_us", out _));
    }
}
