using Bench.Load.Scenarios;
using Bench.Tests.LongLived;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

[Collection(ScenarioCollection.Name)]
public sealed class SseAcceptanceTests
{
    [Theory]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    public async Task Sse_1000_subscribers_get_every_event_without_gaps_and_agree_with_server_stats(string kind)
    {
        await using var server = await LongLivedTargets.StartAsync(kind);
        long serverPeak = 0, generatorPeak = 0;
        using var poll = new CancellationTokenSource();
        var polling = Task.Run(async () =>
        {
            while (!poll.IsCancellationRequested)
            {
                serverPeak = Math.Max(serverPeak, server.Stats.OpenSseStreams);
                await Task.Delay(20);
            }
        });
        // 1,000 subscribers, 50 events at 10/s (5 s each); the hold only bounds when they start.
        var result = await ScenarioRuns.RunAsync(new StreamOptions
        {
            Kind = "sse",
            Url = LongLivedTargets.Http(server, "/"),
            Connections = 1000,
            RampRate = 2000,
            Duration = TimeSpan.FromSeconds(4),
            Events = 50,
            EventInterval = TimeSpan.FromMilliseconds(100),
        }, new ScenarioRuns.Sampler(s => generatorPeak = Math.Max(generatorPeak, s.Stream!.Gauges["streaming"].Current)));
        await poll.CancelAsync();
        await polling;

        var sse = result.Stream!;
        Assert.Equal(1000 * 50, sse.Counters["events"]);
        Assert.Equal(0, sse.Counters["gaps"]);
        Assert.Equal(0, sse.Counters["early_ends"]);
        Assert.Equal(1000, result.Totals.Ok);
        Assert.Equal(1000, sse.Gauges["streaming"].Peak);
        // The server counted the same 1,000 streams open at once that the generator did.
        Assert.Equal(1000, serverPeak);
        Assert.Equal(serverPeak, generatorPeak);
        Assert.Equal(1000 * 50, sse.Latencies["lag"].Count);
        Assert.Equal(1000, sse.Latencies["first_event"].Count);
        Assert.NotNull(sse.ClockAssumption);
    }
}
