using Xunit;
using Bench.Suites.Claims;
using Bench.Suites.Results;

namespace Bench.Tests.Suites.Claims;

/// <summary>Each rule fed synthetic cells on both sides of its thresholds; no server involved.</summary>
public sealed class ClaimRulesTests
{
    private static CellFacts F(int claim, string model, int connections, double throughput, string path = "/hello", string kind = "http",
        Dictionary<string, string>? options = null, string? framework = null, string? scenario = null) => new()
        {
            Id = $"{model}-{connections}-{path}-{framework}",
            Claim = claim,
            Target = model + (framework ?? "") + string.Join("", options?.Values.ToArray() ?? []),
            Model = model,
            Framework = framework,
            Options = options ?? [],
            ScenarioKind = kind,
            Scenario = scenario ?? path,
            Path = path,
            Connections = connections,
            Throughput = throughput,
        };

    private static Dictionary<string, string> Threads(int n) => new() { ["threads"] = n.ToString() };

    // Claim 2: 32 threads ÷ 50 ms = 640 req/s.
    [Theory]
    [InlineData(620, 5000, Verdicts.Supported)]      // capped, ASGI grows 25×
    [InlineData(620, 1500, Verdicts.Depends)]        // capped, ASGI grows only 7.5×
    [InlineData(1000, 5000, Verdicts.Depends)]       // WSGI 56% above the cap
    [InlineData(1000, 1500, Verdicts.NotSupported)]
    [InlineData(577, 2000, Verdicts.Supported)]      // just within 10% below, exactly 10×
    [InlineData(570, 1990, Verdicts.NotSupported)]   // just outside both
    public void Claim2_needs_wsgi_at_threads_over_wait_and_asgi_growing_tenfold(double wsgiAt1000, double asgiAt1000, string expected)
    {
        const string p = "/users/1?wait_ms=50";
        var cells = new[]
        {
            F(2, "wsgi", 10, 199, p, options: Threads(32)), F(2, "wsgi", 1000, wsgiAt1000, p, options: Threads(32)),
            F(2, "asgi", 10, 200, p), F(2, "asgi", 1000, asgiAt1000, p),
        };

        var v = ClaimRules.Judge(2, cells);

        Assert.Equal(expected, v.Verdict);
        Assert.Equal(640, v.Numbers["wsgi.cap"]);
    }

    [Theory]
    [InlineData(500, 530, 90, 60_000_000, Verdicts.Supported)]
    [InlineData(200, 530, 90, 60_000_000, Verdicts.Depends)]        // busy threads far below the concurrency
    [InlineData(500, 530, 90, 30_000_000, Verdicts.Depends)]        // WSGI RSS not above ASGI's
    [InlineData(200, 530, 90, 30_000_000, Verdicts.NotSupported)]
    public void Claim1_needs_a_busy_thread_per_request_and_memory_for_them(long busy, int wsgiThreads, int asgiThreads, long wsgiRss, string expected)
    {
        const string p = "/users/1?wait_ms=100";
        var cells = new[]
        {
            F(1, "wsgi", 10, 100, p, options: Threads(512)) with { PeakBusyThreads = 10, PeakThreads = wsgiThreads, PeakRssBytes = 50_000_000 },
            F(1, "wsgi", 500, 4900, p, options: Threads(512)) with { PeakBusyThreads = busy, PeakThreads = wsgiThreads, PeakRssBytes = wsgiRss },
            F(1, "asgi", 10, 100, p) with { PeakThreads = 20, PeakRssBytes = 40_000_000 },
            F(1, "asgi", 500, 4900, p) with { PeakThreads = asgiThreads, PeakRssBytes = 40_000_000 },
        };

        Assert.Equal(expected, ClaimRules.Judge(1, cells).Verdict);
    }

    [Theory]
    [InlineData(0.95, 0.92, Verdicts.Supported)]
    [InlineData(0.95, 0.85, Verdicts.Depends)]
    [InlineData(0.85, 0.80, Verdicts.NotSupported)]
    public void Claim3_compares_wsgi_with_asgi_at_low_concurrency(double helloRatio, double cpuRatio, string expected)
    {
        var cells = new[]
        {
            F(3, "wsgi", 1, 1000 * helloRatio, "/hello"), F(3, "asgi", 1, 1000, "/hello"),
            F(3, "wsgi", 1, 500 * cpuRatio, "/cpu"), F(3, "asgi", 1, 500, "/cpu"),
            F(3, "wsgi", 100, 1, "/hello"), F(3, "asgi", 100, 1000, "/hello"), // high concurrency: not part of this claim
        };

        Assert.Equal(expected, ClaimRules.Judge(3, cells).Verdict);
    }

    [Theory]
    [InlineData(1000, 16, 0, Verdicts.Supported)]
    [InlineData(1000, 40, 0, Verdicts.Depends)]       // hijack held more than one socket per thread
    [InlineData(400, 16, 0, Verdicts.Depends)]        // the loop did not hold them
    [InlineData(400, 40, 5, Verdicts.NotSupported)]
    public void Claim4_reads_the_servers_open_websockets(long asgiHeld, long hijackHeld, long refuseHeld, string expected)
    {
        var cells = new[]
        {
            F(4, "asgi", 1000, 900, "/ws/echo", "ws-echo") with { PeakOpenWebsockets = asgiHeld },
            F(4, "wsgi", 1000, 10, "/ws/echo", "ws-echo", new() { ["threads"] = "16", ["ws"] = "hijack" }) with { PeakOpenWebsockets = hijackHeld },
            F(4, "wsgi", 1000, 0, "/ws/echo", "ws-echo", Threads(32)) with { PeakOpenWebsockets = refuseHeld, ErrorRate = 1 },
        };

        Assert.Equal(expected, ClaimRules.Judge(4, cells).Verdict);
    }

    [Theory]
    [InlineData(32, 1000, Verdicts.Supported)]
    [InlineData(32, 850, Verdicts.Depends)]
    [InlineData(200, 1000, Verdicts.Depends)]
    [InlineData(200, 500, Verdicts.NotSupported)]
    public void Claim5_caps_wsgi_subscribers_at_the_pool(long wsgiHeld, long asgiHeld, string expected)
    {
        var cells = new[]
        {
            F(5, "wsgi", 1000, 10, "/sse", "sse", Threads(32)) with { PeakOpenSseStreams = wsgiHeld },
            F(5, "asgi", 1000, 10, "/sse", "sse") with { PeakOpenSseStreams = asgiHeld },
        };

        Assert.Equal(expected, ClaimRules.Judge(5, cells).Verdict);
    }

    [Theory]
    [InlineData(5000, 2000, Verdicts.Supported)]     // model gain 8× outweighs a 60% tax (needs 2.5×)
    [InlineData(1000, 200, Verdicts.NotSupported)]   // gain 1.6× does not outweigh a 96% tax (needs 25×)
    public void Claim6_weighs_the_framework_tax_against_the_model_gain(double asgiIo, double fastapi, string expected)
    {
        const string io = "/users/1?wait_ms=50";
        var cells = new[]
        {
            F(6, "asgi", 10, 5000, "/hello"), F(6, "asgi", 10, fastapi, "/hello", framework: "fastapi"),
            F(2, "wsgi", 1000, 625, io, options: Threads(32)), F(2, "asgi", 1000, asgiIo, io),
        };

        var v = ClaimRules.Judge(6, cells);

        Assert.Equal(expected, v.Verdict);
        Assert.True(v.Numbers.ContainsKey("tax.fastapi"));
    }

    [Fact]
    public void Claim6_without_a_raw_and_framework_pair_is_not_measured()
    {
        Assert.Equal(Verdicts.NotMeasured, ClaimRules.Judge(6, [F(6, "asgi", 10, 5000)]).Verdict);
    }

    [Theory]
    [InlineData(20, 195, Verdicts.Supported)]
    [InlineData(150, 195, Verdicts.Depends)]        // the loop was not stalled
    [InlineData(20, 100, Verdicts.Depends)]         // the pool did not keep up
    [InlineData(150, 100, Verdicts.NotSupported)]
    public void Claim7_loop_stalls_to_one_request_per_wait_while_the_pool_degrades_gracefully(double blocking, double wsgi, string expected)
    {
        var cells = new[]
        {
            F(7, "asgi", 10, blocking, "/blocking?wait_ms=50"),
            F(7, "asgi", 10, 190, "/offload?wait_ms=50"),
            F(7, "wsgi", 10, wsgi, "/users/1?wait_ms=50", options: Threads(32)),
        };

        var v = ClaimRules.Judge(7, cells);

        Assert.Equal(expected, v.Verdict);
        Assert.Equal(20, v.Numbers["asgi.loopCap"]);
        Assert.Equal(200, v.Numbers["wsgi.expected"]);
    }

    [Fact]
    public void A_claim_whose_cells_were_skipped_is_not_measured_with_the_reason()
    {
        var skipped = new CellResult
        {
            Index = 0,
            Id = "c5/asgi/sse/c1000/1",
            Group = "c5",
            Claim = 5,
            Target = new("asgi", "asgi", "asgi", null, new Dictionary<string, string>(), null, null, null, null),
            Scenario = new("sse", "sse", null, default),
            Status = "skipped",
            Reason = "scenario not available",
        };

        var v = Assert.Single(ClaimRules.Evaluate([skipped]));

        Assert.Equal(Verdicts.NotMeasured, v.Verdict);
        Assert.Contains("scenario not available", v.Summary);
    }
}
