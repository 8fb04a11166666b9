using System.Text.Json;
using Xunit;
using Bench.Load.Results;
using Bench.Suites;

namespace Bench.Tests.Suites;

/// <summary>The search on a synthetic target whose latency explodes past 1,000 req/s; no sockets, so exact.</summary>
public sealed class CapacitySearchTests
{
    private static RunResult Step(double offered)
    {
        bool over = offered > 1000;
        long p99 = over ? 400_000 : (long)(2_000 + offered * 10);
        var summary = new LatencySummary(100, p99 / 2.0, 1, 1, p99 / 2, p99, p99, p99, p99, p99, p99, p99);
        return new RunResult
        {
            Config = new RunConfig("http", "t", "constant-rate", "", default(JsonElement), 0, 0, 0, [], null, null),
            Machine = new MachineInfo("h", "os", "k", "x64", "cpu", 2, [0, 1], 1, "net", "v", "workstation"),
            Totals = new Totals(1, 1, 0, 0, 1, offered, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>()),
            Latency = new LatencyBreakdown(summary, summary, summary, summary, summary),
            Validity = new Validity(true, [], 0, 1, 0, 0, 0, 0),
            Thresholds = [new ThresholdResult("p99<100ms", p99 / 1000.0, "ms", p99 < 100_000)],
        };
    }

    [Fact]
    public async Task Steps_up_then_bisects_to_the_highest_sustained_rate_and_finds_the_knee()
    {
        var search = new CapacitySearch { StartRate = 100, Factor = 2, Precision = 0.05, MaxRate = 100_000 };

        var result = await search.RunAsync((rate, _) => Task.FromResult(Step(rate)), null, CancellationToken.None);

        Assert.NotNull(result.SustainableRate);
        Assert.InRange(result.SustainableRate!.Value, 950, 1000);
        Assert.Equal(result.Curve.OrderBy(s => s.OfferedRate), result.Curve);
        Assert.Contains(result.Curve, s => s.OfferedRate == 1600 && !s.Sustained);
        Assert.NotNull(result.Knee);
        Assert.InRange(result.Knee!.OfferedRate, 800, 1000);
    }

    [Fact]
    public async Task A_start_rate_that_already_breaks_the_slo_returns_no_rate()
    {
        var search = new CapacitySearch { StartRate = 2000 };

        var result = await search.RunAsync((rate, _) => Task.FromResult(Step(rate)), null, CancellationToken.None);

        Assert.Null(result.SustainableRate);
        Assert.Single(result.Curve);
    }
}
