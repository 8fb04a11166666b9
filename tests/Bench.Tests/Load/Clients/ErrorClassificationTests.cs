using Xunit;
using Bench.Load.Models;
using Bench.Tests.Load.Support;

namespace Bench.Tests.Load.Clients;

[Collection(LoadCollection.Name)]
public sealed class ErrorClassificationTests
{
    [Fact]
    public async Task A_closed_port_is_refused()
    {
        var url = new Uri($"http://127.0.0.1:{TestServer.ClosedPort()}/hello");
        var result = await Runs.RunAsync(url, new PerVuIterations { Vus = 2, Iterations = 3 });

        Assert.Equal(6, result.Totals.Failed);
        Assert.Equal(6, result.Totals.Errors["refused"]);
    }

    [Fact]
    public async Task A_server_that_closes_mid_response_is_reset_or_protocol()
    {
        await using var server = await TestServer.StartAsync();
        var result = await Runs.RunAsync(server.Url("/cut"), new PerVuIterations { Vus = 2, Iterations = 3 });

        Assert.Equal(6, result.Totals.Failed);
        long resetOrProtocol = result.Totals.Errors.GetValueOrDefault("reset") + result.Totals.Errors.GetValueOrDefault("protocol");
        Assert.Equal(6, resetOrProtocol);
    }

    [Fact]
    public async Task A_stalled_server_times_out()
    {
        await using var server = await TestServer.StartAsync();
        var result = await Runs.RunAsync(server.Url("/hang"), new PerVuIterations { Vus = 2, Iterations = 2 }, timeout: TimeSpan.FromMilliseconds(300));

        Assert.Equal(4, result.Totals.Failed);
        Assert.Equal(4, result.Totals.Errors["timeout"]);
    }
}
