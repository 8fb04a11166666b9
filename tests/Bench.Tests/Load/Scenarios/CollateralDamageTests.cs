using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Bench.Load.Scenarios.Mixed;
using Bench.Tests.LongLived;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

[Collection(ScenarioCollection.Name)]
public sealed class CollateralDamageTests
{
    [Fact]
    public async Task Holding_500_streams_hurts_the_hello_probe_on_wsgi_but_not_on_asgi()
    {
        var wsgi = await RunAsync("wsgi");
        var asgi = await RunAsync("asgi");

        var wsgiProbe = wsgi.Scenarios!.Single(p => p.Name == "probe").Result.Totals;
        var asgiProbe = asgi.Scenarios!.Single(p => p.Name == "probe").Result.Totals;
        // Direction only: 32 threads all streaming leave none for /hello; an event loop serves it between events.
        Assert.True(wsgiProbe.Failed > asgiProbe.Failed, $"wsgi probe failed {wsgiProbe.Failed}, asgi {asgiProbe.Failed}");
        Assert.True(wsgiProbe.Errors.GetValueOrDefault("timeout") > 0);
        // Each part keeps its own metrics: the streams part has its SSE section, the probe has none.
        Assert.Equal(32, wsgi.Scenarios!.Single(p => p.Name == "streams").Result.Stream!.Gauges["streaming"].Peak);
        Assert.Equal(500, asgi.Scenarios!.Single(p => p.Name == "streams").Result.Stream!.Gauges["streaming"].Peak);
        Assert.Null(asgi.Scenarios!.Single(p => p.Name == "probe").Result.Stream);
        Assert.Equal("mixed", asgi.Config.Scenario);
        Assert.Equal(wsgi.Scenarios!.Sum(p => p.Result.Totals.Requests), wsgi.Totals.Requests);
    }

    private static async Task<RunResult> RunAsync(string kind)
    {
        await using var server = await LongLivedTargets.StartAsync(kind, threads: 32);
        var spec = new StreamOptions
        {
            Kind = "sse",
            Url = LongLivedTargets.Http(server, "/"),
            Connections = 500,
            RampRate = 0,
            Duration = TimeSpan.FromSeconds(4.5),
            Events = 0,
            EventInterval = TimeSpan.FromSeconds(1),
        };
        using var streams = ScenarioFactory.Create(spec);
        using var probe = new HttpScenario(new HttpTarget { Url = LongLivedTargets.Http(server, "/hello") });
        var parts = new[]
        {
            new MixedPart("streams", TimeSpan.Zero, ScenarioFactory.Plan(spec, streams, limits: ScenarioRuns.Relaxed)),
            new MixedPart("probe", TimeSpan.FromSeconds(1.5), new RunPlan
            {
                Scenario = probe,
                Model = new ConstantRate { Rate = 20, Duration = TimeSpan.FromSeconds(2.5), Vus = 20 },
                Timeout = TimeSpan.FromSeconds(1),
                GracefulStop = TimeSpan.FromSeconds(2),
                Limits = ScenarioRuns.Relaxed,
            }),
        };
        return await new MixedRunner().RunAsync(parts);
    }
}
