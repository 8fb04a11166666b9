using Xunit;
using Bench.Load.Models;
using Bench.Tests.Load.Support;

namespace Bench.Tests.Load.Engine;

[Collection(LoadCollection.Name)]
public sealed class OpenModelAccuracyTests
{
    [Fact]
    public async Task Rate_2000_for_5s_sends_10000_requests_evenly_spread()
    {
        await using var server = await TestServer.StartAsync();
        var result = await Runs.RunAsync(server.Url("/hello"), new ConstantRate { Rate = 2000, Duration = TimeSpan.FromSeconds(5), Vus = 50 });

        Assert.InRange(result.Totals.Requests, 9_900, 10_100);
        Assert.Equal(server.Count, result.Totals.Requests);
        // Full seconds only: the last point also holds the graceful drain after 5 s.
        var fullSeconds = result.Series.Where(p => p.Second <= 5 && p.ElapsedSeconds <= 5.05).ToList();
        Assert.True(fullSeconds.Count >= 4, $"only {fullSeconds.Count} full seconds sampled");
        Assert.All(fullSeconds, p => Assert.InRange(p.Requests, 1_800, 2_200));
    }
}
