using Xunit;
using Bench.Load.Models;
using Bench.Tests.Load.Support;

namespace Bench.Tests.Load.Engine;

[Collection(LoadCollection.Name)]
public sealed class CountAccuracyTests
{
    [Fact]
    public async Task Closed_model_reports_exactly_the_requests_the_server_counted()
    {
        await using var server = await TestServer.StartAsync();
        var result = await Runs.RunAsync(server.Url("/hello"), new ConstantVus { Vus = 20, Duration = TimeSpan.FromSeconds(2) });

        Assert.True(result.Totals.Requests > 100, $"only {result.Totals.Requests} requests");
        Assert.Equal(server.Count, result.Totals.Ok + result.Totals.Failed);
        Assert.Equal(0, result.Totals.Failed);
    }

    [Fact]
    public async Task Per_vu_iterations_sends_exactly_vus_times_iterations()
    {
        await using var server = await TestServer.StartAsync();
        var result = await Runs.RunAsync(server.Url("/hello"), new PerVuIterations { Vus = 7, Iterations = 150 });

        Assert.Equal(7 * 150, result.Totals.Requests);
        Assert.Equal(server.Count, result.Totals.Requests);
    }

    [Fact]
    public async Task Open_model_reports_exactly_the_requests_the_server_counted()
    {
        await using var server = await TestServer.StartAsync();
        var result = await Runs.RunAsync(server.Url("/hello"), new ConstantRate { Rate = 800, Duration = TimeSpan.FromSeconds(1.5), Vus = 20 });

        Assert.Equal(server.Count, result.Totals.Ok + result.Totals.Failed);
        Assert.Equal(1200, result.Totals.Requests);
        Assert.Equal(0, result.Totals.Dropped);
    }
}
