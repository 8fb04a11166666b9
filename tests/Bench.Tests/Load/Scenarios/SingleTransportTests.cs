using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Bench.Load.Scenarios.Mixed;
using Bench.Tests.LongLived;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

/// <summary>SSE and WebSocket sessions on the same event loops as HTTP, with exact counts and honest accounting of how streams end.</summary>
[Collection(ScenarioCollection.Name)]
public sealed class SingleTransportTests
{
    [Fact]
    public async Task Two_thousand_sse_streams_and_two_thousand_websockets_from_one_run_count_exactly()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        var sseSpec = new StreamOptions
        {
            Kind = "sse",
            Url = LongLivedTargets.Http(server, "/"),
            Connections = 2000,
            RampRate = 2000,
            Duration = TimeSpan.FromSeconds(3),
            Events = 10,
            EventInterval = TimeSpan.FromMilliseconds(200),
        };
        var wsSpec = new StreamOptions
        {
            Kind = "ws-echo",
            Url = LongLivedTargets.Ws(server, "/"),
            Connections = 2000,
            RampRate = 2000,
            Duration = TimeSpan.FromSeconds(3),
            MessageSize = 64,
            MessageRate = 2,
        };
        using var sse = ScenarioFactory.Create(sseSpec);
        using var ws = ScenarioFactory.Create(wsSpec);
        var result = await new MixedRunner().RunAsync(
        [
            new MixedPart("sse", TimeSpan.Zero, ScenarioFactory.Plan(sseSpec, sse, limits: ScenarioRuns.Relaxed)),
            new MixedPart("ws", TimeSpan.Zero, ScenarioFactory.Plan(wsSpec, ws, limits: ScenarioRuns.Relaxed)),
        ]);

        var streams = result.Scenarios!.Single(p => p.Name == "sse").Result;
        var s = streams.Stream!;
        Assert.Equal(2000 * 10, s.Counters["events"]);
        Assert.Equal(0, s.Counters["gaps"]);
        Assert.Equal(0, s.Counters["duplicates"]);
        Assert.Equal(0, s.Counters["early_ends"]);
        Assert.Equal(2000, streams.Totals.Ok);
        Assert.Equal(2000 * 10, s.Latencies["lag"].Count);

        var echoes = result.Scenarios!.Single(p => p.Name == "ws").Result;
        var w = echoes.Stream!;
        // How many were sent depends on how fast the machine ramps; that every one came back does not.
        Assert.True(w.Counters["sent"] >= 2000, $"sent {w.Counters["sent"]}");
        Assert.Equal(w.Counters["sent"], w.Counters["received"]);
        Assert.Equal(0, w.Counters["lost"]);
        Assert.Equal(0, w.Counters["unmatched"]);
        Assert.Equal(2000, w.CloseCodes["1000"]);
        Assert.Equal(2000, echoes.Totals.Ok);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_stream_the_server_ends_early_is_ended_early_with_its_last_event_id_not_reset()
    {
        // The server sends 5 events and ends the stream cleanly; the run expected an endless one.
        var result = await RunFiveEventStreamsAsync(expectedEvents: 0);

        Assert.Equal(50, result.Totals.Errors["ended-early"]);
        Assert.False(result.Totals.Errors.ContainsKey("reset"));
        Assert.Equal(new EndedEarlyInfo(50, 5, 5), result.Stream!.EndedEarly);
        Assert.Equal(50, result.Stream.Counters["early_ends"]);
        Assert.Equal(50 * 5, result.Stream.Counters["events"]);
    }

    [Fact]
    public async Task With_events_matching_the_server_a_finite_stream_is_no_error()
    {
        var result = await RunFiveEventStreamsAsync(expectedEvents: 5);

        Assert.Empty(result.Totals.Errors);
        Assert.Equal(50, result.Totals.Ok);
        Assert.Null(result.Stream!.EndedEarly);
        Assert.Equal(50 * 5, result.Stream.Counters["events"]);
    }

    /// <summary>50 subscribers to a server stream of 5 events; the run expects <paramref name="expectedEvents"/> (0: endless).</summary>
    private static async Task<RunResult> RunFiveEventStreamsAsync(int expectedEvents)
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        return await ScenarioRuns.RunAsync(new StreamOptions
        {
            Kind = "sse",
            Url = LongLivedTargets.Http(server, "/sse?events=5&interval_ms=20"),
            Connections = 50,
            RampRate = 0,
            Duration = TimeSpan.FromSeconds(2),
            Events = expectedEvents,
        });
    }

    [Fact]
    public async Task A_stream_run_stores_no_request_latency_and_labels_what_each_latency_measures()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        var result = await ScenarioRuns.RunAsync(new StreamOptions
        {
            Kind = "ws-echo",
            Url = LongLivedTargets.Ws(server, "/"),
            Connections = 20,
            RampRate = 0,
            Duration = TimeSpan.FromSeconds(1.5),
            MessageRate = 10,
        });

        // A session lasts as long as the hold: its length is no latency, so nothing is timed at the top level.
        Assert.Equal(LatencyBreakdown.NoRequests, result.Latency.Measures);
        Assert.Equal(0, result.Latency.Latency.Count);
        Assert.Equal(0, result.Latency.Ttfb.Count);
        Assert.Equal(20, result.Totals.Ok);
        var ws = result.Stream!;
        Assert.Equal("round-trip", ws.LatencyKinds["rtt"]);
        Assert.Equal("generator-send-lag", ws.LatencyKinds["send_lag"]);
        Assert.Equal("handshake", ws.LatencyKinds["handshake"]);
        Assert.Equal(ws.Latencies.Keys.Order(), ws.LatencyKinds.Keys.Order());
        Assert.True(ws.Latencies["rtt"].Count > 0);

        // Written and read back, the labels survive.
        string path = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.json");
        try
        {
            ResultsFile.Write(path, result);
            var read = ResultsFile.Read(path);
            Assert.Equal(LatencyBreakdown.NoRequests, read.Latency.Measures);
            Assert.Equal("round-trip", read.Stream!.LatencyKinds["rtt"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
