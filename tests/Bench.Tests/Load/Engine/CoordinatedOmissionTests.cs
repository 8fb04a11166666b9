using Xunit;
using Bench.Load.Models;
using Bench.Tests.Load.Support;

namespace Bench.Tests.Load.Engine;

[Collection(LoadCollection.Name)]
public sealed class CoordinatedOmissionTests
{
    [Fact]
    public async Task A_one_second_stall_shows_in_corrected_p99_but_hides_from_uncorrected()
    {
        // wrk2's demonstration: 200 req/s over 10 connections for 10 s, the server freezes once for 1 s.
        await using var server = await TestServer.StartAsync(stallAfter: 600);
        var result = await Runs.RunAsync(server.Url("/stall-once"), new ConstantRate { Rate = 200, Duration = TimeSpan.FromSeconds(10), Vus = 10 });

        Assert.Equal(0, result.Totals.Failed);
        Assert.True(result.Latency.Latency.P99 >= 500_000, $"corrected p99 {result.Latency.Latency.P99} us");
        // Relative, not absolute: on a busy host every request is slower, but the uncorrected p99 still hides the stall.
        Assert.True(result.Latency.Uncorrected.P99 * 4 <= result.Latency.Latency.P99,
            $"uncorrected p99 {result.Latency.Uncorrected.P99} us vs corrected {result.Latency.Latency.P99} us");
    }
}
