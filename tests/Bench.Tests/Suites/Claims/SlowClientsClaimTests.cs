using Bench.Suites.Claims;
using Bench.Suites.Results;
using Xunit;

namespace Bench.Tests.Suites.Claims;

/// <summary>Claim 8's rule fed synthetic probe cells (three repeats each) on both sides of its lines; no server involved.</summary>
public sealed class SlowClientsClaimTests
{
    private static IEnumerable<CellFacts> Cell(string model, int trickling, double probe, int? threads = null) =>
        Enumerable.Range(1, 3).Select(r => new CellFacts
        {
            Id = $"claim8/{model}/slow-{trickling}/c4/{r}",
            Claim = 8,
            Group = "claim8",
            Target = model,
            Model = model,
            Options = threads is { } t ? new Dictionary<string, string> { ["threads"] = t.ToString() } : [],
            ScenarioKind = TrickleProbeNames.Kind,
            Scenario = $"slow-{trickling}",
            Path = "/hello",
            Connections = 4,
            Repeat = r,
            Trickling = trickling,
            ProbeThroughput = probe * (0.99 + 0.01 * r),
            ProbeErrorRate = 0,
            ProbeP99Ms = 5,
        });

    private static List<CellFacts> Cells(double wsgiBeside, double asgiBeside, int most = 64) =>
        Cell("wsgi", 0, 1000, 32).Concat(Cell("wsgi", most, wsgiBeside, 32))
            .Concat(Cell("asgi", 0, 1000)).Concat(Cell("asgi", most, asgiBeside)).ToList();

    [Theory]
    [InlineData(10, 990, Verdicts.Supported)]      // the pool starved, the loop kept 99 %
    [InlineData(0, 990, Verdicts.Supported)]       // the pool served nothing at all: a ratio of 0, not "no interval"
    [InlineData(10, 300, Verdicts.Depends)]        // both suffered
    [InlineData(900, 990, Verdicts.Depends)]       // neither: the pool was not starved
    [InlineData(900, 300, Verdicts.NotSupported)]
    public void Claim8_needs_a_starved_pool_and_a_loop_that_keeps_serving(double wsgiBeside, double asgiBeside, string expected)
    {
        var v = ClaimCatalog.Judge(8, Cells(wsgiBeside, asgiBeside));

        Assert.Equal(expected, v.Verdict);
        Assert.Equal(2, v.Parts.Count);
        Assert.Equal(64, v.Numbers["slowClients"]);
        Assert.Contains("Hodges–Lehmann", v.Rule);
    }

    [Fact]
    public void Claim8_with_fewer_slow_clients_than_threads_is_not_measured()
    {
        var v = ClaimCatalog.Judge(8, Cells(10, 990, most: 16));

        Assert.Equal(Verdicts.NotMeasured, v.Verdict);
        Assert.Contains("fewer than the WSGI pool", v.Summary);
    }
}
