using Bench.Load.Scenarios;
using Bench.Tests.LongLived;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

[Collection(ScenarioCollection.Name)]
public sealed class WsgiFindingTests
{
    [Fact]
    public async Task Wsgi_with_8_threads_streams_to_8_subscribers_and_reports_92_waiting()
    {
        await using var server = await LongLivedTargets.StartAsync("wsgi", threads: 8);
        var result = await ScenarioRuns.RunAsync(new StreamOptions
        {
            Kind = "sse",
            Url = LongLivedTargets.Http(server, "/"),
            Connections = 100,
            RampRate = 0,
            Duration = TimeSpan.FromSeconds(3),
            Events = 0,
            EventInterval = TimeSpan.FromMilliseconds(100),
        });

        var sse = result.Stream!;
        Assert.Equal(8, sse.Gauges["streaming"].AtHoldEnd);
        Assert.Equal(92, sse.Gauges["waiting"].AtHoldEnd + sse.Gauges["connecting"].AtHoldEnd);
        Assert.Equal(8, sse.Gauges["streaming"].Peak);
        Assert.Equal(92, sse.Counters["never_streamed"]);
        Assert.Equal(8, result.Totals.Ok);
        Assert.Equal(92, result.Totals.Failed);
        Assert.Contains(sse.Findings, f => f.StartsWith("8 streaming, 92 waiting or failed", StringComparison.Ordinal));
    }
}
