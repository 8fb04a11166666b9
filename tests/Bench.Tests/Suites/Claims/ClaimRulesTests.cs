using Xunit;
using Bench.Suites.Sampling;
using Bench.Suites.Claims;
using Bench.Suites.Results;

namespace Bench.Tests.Suites.Claims;

/// <summary>
/// Each rule fed synthetic cells — three repeats each, as the claims suite runs them — on both sides of
/// its thresholds and inside the noise; no server involved.
/// </summary>
public sealed class ClaimRulesTests
{
    private static CellFacts F(int claim, string model, int connections, double throughput, string path = "/hello", string kind = "http",
        Dictionary<string, string>? options = null, string? framework = null, string? scenario = null, int repeat = 1, string? group = null) => new()
        {
            Id = $"{group ?? "g" + claim}/{model}{framework}{string.Join("", options?.Values.ToArray() ?? [])}/{scenario ?? path}/c{connections}/{repeat}",
            Claim = claim,
            Group = group ?? $"g{claim}",
            Target = model + (framework ?? "") + string.Join("", options?.Values.ToArray() ?? []),
            Model = model,
            Framework = framework,
            Options = options ?? [],
            ScenarioKind = kind,
            Scenario = scenario ?? path,
            Path = path,
            Connections = connections,
            Repeat = repeat,
            Throughput = throughput,
        };

    /// <summary>Three repeats of one cell, one per value; <paramref name="shape"/> sets the rest of each.</summary>
    private static IEnumerable<CellFacts> R(CellFacts cell, IReadOnlyList<double> throughputs, Func<CellFacts, int, CellFacts>? shape = null) =>
        throughputs.Select((t, i) =>
        {
            var f = cell with { Throughput = t, Repeat = i + 1, Id = cell.Id[..cell.Id.LastIndexOf('/')] + "/" + (i + 1) };
            return shape is null ? f : shape(f, i);
        });

    private static IEnumerable<CellFacts> R(CellFacts cell, double around) => R(cell, [around * 0.99, around, around * 1.01]);

    private static Dictionary<string, string> Threads(int n) => new() { ["threads"] = n.ToString() };

    private const string Users50 = "/users/1?wait_ms=50";

    // Claim 2: 32 threads ÷ 50 ms = 640 req/s.
    [Theory]
    [InlineData(620, 5000, Verdicts.Supported)]      // capped, ASGI grows 25×
    [InlineData(620, 1500, Verdicts.Depends)]        // capped, ASGI grows only 7.5×
    [InlineData(1000, 5000, Verdicts.Depends)]       // WSGI 56% above the cap
    [InlineData(1000, 1500, Verdicts.NotSupported)]
    public void Claim2_needs_wsgi_at_threads_over_wait_and_asgi_growing_tenfold(double wsgiAt1000, double asgiAt1000, string expected)
    {
        var cells = R(F(2, "wsgi", 10, 0, Users50, options: Threads(32)), 199)
            .Concat(R(F(2, "wsgi", 1000, 0, Users50, options: Threads(32)), wsgiAt1000))
            .Concat(R(F(2, "asgi", 10, 0, Users50), 200))
            .Concat(R(F(2, "asgi", 1000, 0, Users50), asgiAt1000)).ToList();

        var v = ClaimCatalog.Judge(2, cells);

        Assert.Equal(expected, v.Verdict);
        Assert.Equal(640, v.Numbers["wsgi.cap"]);
        Assert.Equal(2, v.Parts.Count);
        Assert.Contains("Hodges–Lehmann", v.Rule);
    }

    [Fact]
    public void Claim2_growth_whose_repeats_straddle_the_line_is_inconclusive_and_says_so()
    {
        // ASGI at 1,000 swings between 8× and 12× its 10-connection rate: the ratio's interval holds 10×.
        var cells = R(F(2, "wsgi", 1000, 0, Users50, options: Threads(32)), 630)
            .Concat(R(F(2, "asgi", 10, 0, Users50), [200, 200, 200]))
            .Concat(R(F(2, "asgi", 1000, 0, Users50), [1600, 2050, 2400])).ToList();

        var v = ClaimCatalog.Judge(2, cells);

        Assert.Equal(Verdicts.Inconclusive, v.Verdict);
        var growth = v.Parts.Single(p => p.Name == "ASGI keeps serving");
        Assert.Equal("Inconclusive", growth.Decision);
        Assert.True(growth.Low < 10 && growth.High > 10, $"{growth.Low} … {growth.High}");
        Assert.Equal(0.9, growth.Confidence);
    }

    [Theory]
    [InlineData(new[] { 9000.0, 9500, 9800 }, new[] { 9000.0, 9300, 9600 }, Verdicts.Supported)]   // clearly ≥ 0.9×
    [InlineData(new[] { 5000.0, 5200, 5100 }, new[] { 9000.0, 9300, 9600 }, Verdicts.NotSupported)] // clearly below
    [InlineData(new[] { 7600.0, 8600, 9800 }, new[] { 9000.0, 9300, 9600 }, Verdicts.Inconclusive)] // 0.79 … 1.09: inside the noise
    public void Claim3_decides_each_pair_by_its_ratio_interval(double[] wsgi, double[] asgi, string expected)
    {
        var cells = R(F(3, "wsgi", 10, 0, "/hello", options: Threads(32)), wsgi).Concat(R(F(3, "asgi", 10, 0, "/hello"), asgi)).ToList();

        var v = ClaimCatalog.Judge(3, cells);

        Assert.Equal(expected, v.Verdict);
        Assert.Single(v.Parts);
    }

    [Fact]
    public void Claim3_with_two_pairs_one_matching_and_one_not_depends()
    {
        var cells = R(F(3, "wsgi", 10, 0, "/hello", options: Threads(32)), 9500).Concat(R(F(3, "asgi", 10, 0, "/hello"), 9400))
            .Concat(R(F(3, "wsgi", 10, 0, "/cpu", options: Threads(32)), 3000)).Concat(R(F(3, "asgi", 10, 0, "/cpu"), 6000)).ToList();

        Assert.Equal(Verdicts.Depends, ClaimCatalog.Judge(3, cells).Verdict);
    }

    [Fact]
    public void An_invalid_deciding_cell_does_not_vote_and_leaves_the_claim_not_measured_with_the_reason()
    {
        var asgi = R(F(3, "asgi", 10, 0, "/hello"), 9400)
            .Select(f => f with { Excluded = "generator-bound: scheduler lag p99 41 ms > 20 ms" }).ToList();
        var cells = R(F(3, "wsgi", 10, 0, "/hello", options: Threads(32)), 9500).Concat(asgi).ToList();

        var v = ClaimCatalog.Judge(3, cells);

        Assert.Equal(Verdicts.NotMeasured, v.Verdict);
        Assert.Contains("asgi · /hello · 10 connections", v.Summary);
        Assert.Contains("generator-bound: scheduler lag p99 41 ms", v.Summary);
        Assert.Equal(3, v.NotVoting.Count);
        Assert.All(v.NotVoting, n => Assert.Contains("generator-bound", n));
    }

    [Fact]
    public void An_invalid_repeat_is_left_out_and_with_two_left_the_interval_cannot_reach_ninety_percent()
    {
        var wsgi = R(F(3, "wsgi", 10, 0, "/hello", options: Threads(32)), [9000.0, 9500, 400]).ToList();
        wsgi[2] = wsgi[2] with { Excluded = "generator-bound: own CPU 97 %" };   // the 400 would have decided "no"
        var cells = wsgi.Concat(R(F(3, "asgi", 10, 0, "/hello"), 9400)).ToList();

        var v = ClaimCatalog.Judge(3, cells);

        Assert.Equal(Verdicts.Inconclusive, v.Verdict);
        Assert.Null(v.Parts[0].Low);
        Assert.Single(v.NotVoting);
        Assert.Contains("2 vs 3 repeats", v.Parts[0].Text);
    }

    // Claim 1: memory per connection as a slope; the pool is sized to the concurrency.
    private static IEnumerable<CellFacts> Claim1Cells(double wsgiKiBPerConn, double asgiKiBPerConn, double wsgiOffsetMiB, double noiseKiB = 0)
    {
        const string p = "/users/1?wait_ms=100";
        foreach (int c in new[] { 16, 128, 512 })
            for (int r = 1; r <= 3; r++)
            {
                double noise = noiseKiB * (r - 2);   // -1, 0, +1 times the noise
                long wsgiRss = (long)((40 * 1024 + wsgiOffsetMiB * 1024 + wsgiKiBPerConn * c + noise) * 1024);
                long asgiRss = (long)((40 * 1024 + asgiKiBPerConn * c - noise) * 1024);
                yield return F(1, "wsgi", c, 100, p, options: Threads(c), repeat: r, group: $"c{c}") with
                {
                    PeakBusyThreads = c - 1,
                    PeakThreads = c + 10,
                    Settled = new SettledMemory(wsgiRss, c + 10, 3_000_000, 8_000_000, c + 10, (c + 10) * 20L * 1024),
                };
                yield return F(1, "asgi", c, 100, p, repeat: r, group: $"c{c}") with
                {
                    PeakThreads = 14,
                    Settled = new SettledMemory(asgiRss, 14, 3_000_000, 8_000_000, 14, 14 * 20L * 1024),
                };
            }
    }

    [Fact]
    public void Claim1_equal_slopes_are_not_supported_even_when_rss_differs_by_a_constant()
    {
        var v = ClaimCatalog.Judge(1, Claim1Cells(wsgiKiBPerConn: 10, asgiKiBPerConn: 10, wsgiOffsetMiB: 60, noiseKiB: 50).ToList());

        Assert.Equal(Verdicts.Depends, v.Verdict);   // a busy thread per request: yes; threads cost memory per connection: no
        var memory = v.Parts.Single(p => p.Name == "threads cost memory");
        Assert.Equal("No", memory.Decision);
        Assert.InRange(v.Numbers["extraKibPerConnection"], -1, 1);
        Assert.Equal(10, v.Numbers["wsgi.kibPerConnection"], 0.5);
    }

    [Fact]
    public void Claim1_a_steeper_thread_slope_beyond_the_interval_is_supported()
    {
        var v = ClaimCatalog.Judge(1, Claim1Cells(wsgiKiBPerConn: 40, asgiKiBPerConn: 10, wsgiOffsetMiB: 0, noiseKiB: 50).ToList());

        Assert.Equal(Verdicts.Supported, v.Verdict);
        Assert.Equal(30, v.Numbers["extraKibPerConnection"], 1.0);
        Assert.Equal(20, v.Numbers["wsgi.stackKibPerThread"]);
        Assert.Contains("KiB", v.Summary);
    }

    [Fact]
    public void Claim1_slopes_apart_by_less_than_their_noise_are_inconclusive()
    {
        // 6 KiB apart, but ±3 MiB between repeats: the difference's interval crosses the 4 KiB line.
        var v = ClaimCatalog.Judge(1, Claim1Cells(wsgiKiBPerConn: 16, asgiKiBPerConn: 10, wsgiOffsetMiB: 0, noiseKiB: 3000).ToList());

        Assert.Equal(Verdicts.Inconclusive, v.Verdict);
    }

    [Fact]
    public void Claim1_takes_the_gc_slack_out_of_rss()
    {
        // ASGI's RSS grows 60 KiB per connection, all of it GC budget the collection left committed: no cost per connection.
        var cells = Claim1Cells(wsgiKiBPerConn: 40, asgiKiBPerConn: 10, wsgiOffsetMiB: 0).Select(f => f.Model != "asgi" ? f : f with
        {
            Settled = f.Settled! with { RssBytes = f.Settled.RssBytes + f.Connections!.Value * 50L * 1024, GcCommittedBytes = 8_000_000 + f.Connections.Value * 50L * 1024 },
        }).ToList();

        var v = ClaimCatalog.Judge(1, cells);

        Assert.Equal(10, v.Numbers["asgi.kibPerConnection"], 0.5);
        Assert.Equal(Verdicts.Supported, v.Verdict);
    }

    // Claim 4: the clients' own count of open sockets decides.
    [Theory]
    [InlineData(1000, 16, 0, Verdicts.Supported)]
    [InlineData(1000, 40, 0, Verdicts.Depends)]       // hijack held more than one socket per thread
    [InlineData(400, 16, 0, Verdicts.Depends)]        // the loop did not hold them
    [InlineData(400, 40, 5, Verdicts.NotSupported)]
    public void Claim4_loop_holds_thousands_refuse_holds_none_hijack_holds_its_pool(long asgiHeld, long hijackHeld, long refuseHeld, string expected)
    {
        var cells = R(F(4, "asgi", 1000, 0, "/ws/echo", "ws-echo"), 25, (f, _) => f with { ClientHeld = asgiHeld, ServerHeld = asgiHeld })
            .Concat(R(F(4, "wsgi", 1000, 0, "/ws/echo", "ws-echo", options: new() { ["threads"] = "32", ["ws"] = "refuse" }), 0,
                (f, _) => f with { ClientHeld = refuseHeld, ErrorRate = refuseHeld == 0 ? 1.0 : 0.5 }))
            .Concat(R(F(4, "wsgi", 1000, 0, "/ws/echo", "ws-echo", options: new() { ["threads"] = "16", ["ws"] = "hijack" }), 0,
                (f, _) => f with { ClientHeld = hijackHeld, ServerHeld = hijackHeld - 1, StatsAsked = 6, StatsAnswered = 2 })).ToList();

        var v = ClaimCatalog.Judge(4, cells);

        Assert.Equal(expected, v.Verdict);
        Assert.Equal(3, v.Parts.Count);
        // The hijack's /stats saw one fewer than its clients: the verdict says by how much and why.
        Assert.Contains(v.Notes, n => n.Contains("/stats is itself a request") && n.Contains("(-1)") && n.Contains("12 of 18 samples went unanswered"));
    }

    private static IEnumerable<CellFacts> R(CellFacts cell, double throughput, Func<CellFacts, int, CellFacts> shape) =>
        R(cell, [throughput, throughput, throughput], shape);

    // Claim 5: held from the clients, lag from the events; the session length is never read.
    [Theory]
    [InlineData(32, 1000, Verdicts.Supported)]
    [InlineData(32, 850, Verdicts.Depends)]
    [InlineData(200, 1000, Verdicts.Depends)]
    [InlineData(200, 500, Verdicts.NotSupported)]
    public void Claim5_wsgi_streams_cap_at_the_pool_and_the_loop_holds_them_all(long wsgiHeld, long asgiHeld, string expected)
    {
        const string p = "/sse?events=0&interval_ms=100";
        var cells = R(F(5, "wsgi", 1000, 0, p, "sse", options: Threads(32)), 8, (f, _) => f with { ClientHeld = wsgiHeld, ServerHeld = Math.Min(wsgiHeld, 25), StatsAsked = 6, StatsAnswered = 2, P99Ms = 4_100 })
            .Concat(R(F(5, "asgi", 1000, 0, p, "sse"), 245, (f, _) => f with
            {
                ClientHeld = asgiHeld, ServerHeld = asgiHeld, P99Ms = 4_018, LagP50Ms = 1.2, LagP99Ms = 6.8, FirstEventP99Ms = 40,
            })).ToList();

        var v = ClaimCatalog.Judge(5, cells);

        Assert.Equal(expected, v.Verdict);
        Assert.Equal(6.8, v.Numbers["asgi.lagP99Ms"]);
        Assert.DoesNotContain("4,018", v.Summary);   // the stream's HTTP "p99" is its session length, not a latency
        Assert.DoesNotContain(v.Numbers.Keys, k => k.Contains("p99Ms", StringComparison.Ordinal));
        Assert.Contains("delivery lag", v.Summary);
        Assert.Contains(v.Notes, n => n.Contains("clients held") && n.Contains("the server's /stats peaked at 25"));
    }

    [Theory]
    [InlineData(5000, 2000, Verdicts.Supported)]     // model gain 8× outweighs a 60% tax (needs 2.5×)
    [InlineData(1000, 200, Verdicts.NotSupported)]   // gain 1.6× does not outweigh a 96% tax (needs 25×)
    public void Claim6_weighs_the_framework_tax_against_the_model_gain(double asgiIo, double fastapi, string expected)
    {
        var cells = R(F(6, "asgi", 10, 0, "/hello"), 5000).Concat(R(F(6, "asgi", 10, 0, "/hello", framework: "fastapi"), fastapi))
            .Concat(R(F(2, "wsgi", 1000, 0, Users50, options: Threads(32)), 625)).Concat(R(F(2, "asgi", 1000, 0, Users50), asgiIo)).ToList();

        var v = ClaimCatalog.Judge(6, cells);

        Assert.Equal(expected, v.Verdict);
        Assert.True(v.Numbers.ContainsKey("tax.fastapi"));
    }

    [Fact]
    public void Claim6_without_a_raw_and_framework_pair_is_not_measured()
    {
        Assert.Equal(Verdicts.NotMeasured, ClaimCatalog.Judge(6, R(F(6, "asgi", 10, 0), 5000).ToList()).Verdict);
    }

    [Theory]
    [InlineData(20, 195, Verdicts.Supported)]
    [InlineData(150, 195, Verdicts.Depends)]        // the loop was not stalled
    [InlineData(20, 100, Verdicts.Depends)]         // the pool did not keep up
    [InlineData(150, 100, Verdicts.NotSupported)]
    public void Claim7_loop_stalls_to_one_request_per_wait_while_the_pool_degrades_gracefully(double blocking, double wsgi, string expected)
    {
        var cells = R(F(7, "asgi", 10, 0, "/blocking?wait_ms=50"), blocking)
            .Concat(R(F(7, "asgi", 10, 0, "/offload?wait_ms=50"), 190))
            .Concat(R(F(7, "wsgi", 10, 0, Users50, options: Threads(32)), wsgi)).ToList();

        var v = ClaimCatalog.Judge(7, cells);

        Assert.Equal(expected, v.Verdict);
        Assert.Equal(20, v.Numbers["asgi.loopCap"]);
        Assert.Equal(200, v.Numbers["wsgi.expected"]);
    }

    [Fact]
    public void Claim7_a_pool_whose_repeats_fall_on_both_sides_of_its_line_is_inconclusive()
    {
        var cells = R(F(7, "asgi", 10, 0, "/blocking?wait_ms=50"), 20)
            .Concat(R(F(7, "wsgi", 10, 0, Users50, options: Threads(32)), [150, 170, 190])).ToList();   // 0.75 … 0.95 of 200, line 0.8

        Assert.Equal(Verdicts.Inconclusive, ClaimCatalog.Judge(7, cells).Verdict);
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
            Connections = 1000,
            Status = "skipped",
            Reason = "scenario not available",
        };

        var v = Assert.Single(ClaimCatalog.Evaluate([skipped]));

        Assert.Equal(Verdicts.NotMeasured, v.Verdict);
        Assert.Contains("scenario not available", v.Summary);
    }

    [Fact]
    public void Every_claim_is_one_record_with_an_id_a_title_a_rule_and_its_thresholds()
    {
        var claims = ClaimCatalog.All;

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], claims.Select(c => c.Id).Take(7));
        Assert.Equal(claims.Count, claims.Select(c => c.Id).Distinct().Count());
        Assert.All(claims, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Title));
            Assert.False(string.IsNullOrWhiteSpace(c.Measured));
            Assert.NotEmpty(c.Thresholds);
            Assert.Contains("repeat", c.Rule);
        });
    }
}
