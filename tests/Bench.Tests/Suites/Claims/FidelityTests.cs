using Xunit;
using Bench.Suites.Claims;

namespace Bench.Tests.Suites.Claims;

/// <summary>The twin/peer comparison on synthetic points: pairing, ratios, and agree/differ from the figures alone.</summary>
public sealed class FidelityTests
{
    private const string Users = "/users/1?wait_ms=50";

    private static readonly FidelityTarget WsgiTwin = new("wsgi-gil-32", "wsgi", "wsgi", null, Gil: true, Pool: 32);
    private static readonly FidelityTarget Gunicorn = new("gunicorn-gthread", "command", "wsgi", null, Gil: false, Pool: 32);
    private static readonly FidelityTarget AsgiTwin = new("asgi-gil", "asgi", "asgi", null, Gil: true, Pool: null);
    private static readonly FidelityTarget Uvicorn = new("uvicorn-raw", "command", "asgi", null, Gil: false, Pool: null);

    private static FidelityPoint Io(string group, FidelityTarget t, int c, double throughput) => new()
    {
        CellId = $"{group}/{t.Name}/users/c{c}/1",
        Group = group,
        Target = t.Name,
        Scenario = "users",
        Path = Users,
        WaitSeconds = 0.05,
        Connections = c,
        Throughput = throughput,
    };

    private static FidelityPoint Stream(string group, FidelityTarget t, string kind, int c, double held) => new()
    {
        CellId = $"{group}/{t.Name}/{kind}/c{c}/1",
        Group = group,
        Target = t.Name,
        Scenario = kind,
        ScenarioKind = kind,
        Connections = c,
        Held = held,
    };

    private static FidelityPair Single(FidelityReport report, string model) => Assert.Single(report.Pairs, p => p.Model == model);

    [Fact]
    public void Pool_pair_agrees_when_both_cap_near_threads_over_wait_and_reports_ratios_per_concurrency()
    {
        var points = new[]
        {
            Io("io", WsgiTwin, 10, 198), Io("io", Gunicorn, 10, 195),
            Io("io", WsgiTwin, 100, 630), Io("io", Gunicorn, 100, 610),
            Io("io", WsgiTwin, 1000, 620), Io("io", Gunicorn, 1000, 600),
        };

        var pair = Single(Fidelity.Analyze([WsgiTwin, Gunicorn], points), "wsgi");

        Assert.Equal("wsgi-gil-32 vs gunicorn-gthread", pair.Title);
        Assert.Equal([10, 100, 1000], pair.Rows.Select(r => r.Connections));
        Assert.Equal(620 / 600.0, pair.Rows[2].Ratio!.Value, 6);
        Assert.Equal(640, pair.Rows[2].Expected!.Value, 6);
        Assert.Equal(200, pair.Rows[0].Expected!.Value, 6);
        Assert.Contains(pair.Agree, s => s.Contains("both cap near 32 threads ÷ 50 ms = 640 req/s", StringComparison.Ordinal));
        Assert.Equal("Nothing beyond the thresholds in the 3 cells both measured.", Assert.Single(pair.Differ));
    }

    [Fact]
    public void Pool_pair_differs_when_only_one_side_caps_and_says_which()
    {
        var points = new[] { Io("io", WsgiTwin, 10, 198), Io("io", Gunicorn, 10, 190), Io("io", WsgiTwin, 1000, 620), Io("io", Gunicorn, 1000, 400) };

        var pair = Single(Fidelity.Analyze([WsgiTwin, Gunicorn], points), "wsgi");

        Assert.Contains(pair.Differ, s => s.Contains("the twin caps near", StringComparison.Ordinal) && s.Contains("gunicorn-gthread does not", StringComparison.Ordinal));
        Assert.Contains(pair.Differ, s => s.Contains("1.55× gunicorn-gthread's throughput", StringComparison.Ordinal));
    }

    [Fact]
    public void Loop_pair_agrees_on_scaling_and_differs_on_the_figure_where_the_ratio_leaves_the_band()
    {
        var points = new[]
        {
            Io("io", AsgiTwin, 10, 196), Io("io", Uvicorn, 10, 192),
            Io("io", AsgiTwin, 1000, 12_000), Io("io", Uvicorn, 1000, 4_000),
        };

        var pair = Single(Fidelity.Analyze([AsgiTwin, Uvicorn], points), "asgi");

        Assert.Contains(pair.Agree, s => s.StartsWith("I/O sweep: both loops scale", StringComparison.Ordinal));
        Assert.Contains(pair.Agree, s => s.Contains("users c=10 (1.02)", StringComparison.Ordinal));
        Assert.Contains(pair.Differ, s => s.Contains("3.00× uvicorn-raw's throughput", StringComparison.Ordinal));
    }

    [Fact]
    public void Loop_pair_differs_when_the_peer_does_not_scale()
    {
        var points = new[] { Io("io", AsgiTwin, 10, 196), Io("io", Uvicorn, 10, 192), Io("io", AsgiTwin, 1000, 12_000), Io("io", Uvicorn, 1000, 500) };

        var pair = Single(Fidelity.Analyze([AsgiTwin, Uvicorn], points), "asgi");

        Assert.Contains(pair.Differ, s => s.StartsWith("I/O sweep: the twin scales but uvicorn-raw does not", StringComparison.Ordinal));
    }

    [Fact]
    public void Streams_are_compared_by_who_holds_how_many()
    {
        var points = new[]
        {
            Stream("sse", WsgiTwin, "sse", 100, 32), Stream("sse", Gunicorn, "sse", 100, 32),
            Stream("sse", WsgiTwin, "sse", 1000, 32), Stream("sse", Gunicorn, "sse", 1000, 33),
            Stream("sse", AsgiTwin, "sse", 1000, 1000), Stream("sse", Uvicorn, "sse", 1000, 600),
            Stream("ws", WsgiTwin, "ws-echo", 100, 0), Stream("ws", Gunicorn, "ws-echo", 100, 0),
        };

        var report = Fidelity.Analyze([WsgiTwin, Gunicorn, AsgiTwin, Uvicorn], points);
        var wsgi = Single(report, "wsgi");
        var asgi = Single(report, "asgi");

        Assert.Contains(wsgi.Agree, s => s.StartsWith("sse at 1,000: both capped at the pool of 32 threads: twin 32", StringComparison.Ordinal));
        Assert.Contains(wsgi.Agree, s => s.StartsWith("ws-echo at 100: both held none", StringComparison.Ordinal));
        Assert.Null(wsgi.Rows.Single(r => r.Scenario == "ws-echo").Ratio);
        Assert.Contains(asgi.Differ, s => s.StartsWith("sse at 1,000: the twin held at least 90 %", StringComparison.Ordinal) && s.Contains("uvicorn-raw held only part", StringComparison.Ordinal));
        Assert.Equal(1000 / 600.0, asgi.Rows.Single().Ratio!.Value, 6);
    }

    [Fact]
    public void Pairs_only_a_twin_with_gil_and_a_raw_peer_of_the_same_model_and_pool()
    {
        var noGil = WsgiTwin with { Name = "wsgi-32", Gil = false };
        var flask = Gunicorn with { Name = "gunicorn-flask", Framework = "flask" };
        var otherPool = Gunicorn with { Name = "gunicorn-8", Pool = 8 };
        var points = new[] { noGil, flask, otherPool, Uvicorn, WsgiTwin }.Select(t => Io("io", t, 10, 200)).ToArray();

        var report = Fidelity.Analyze([noGil, flask, otherPool, Uvicorn, WsgiTwin], points);

        Assert.Empty(report.Pairs);
    }

    [Fact]
    public void A_skipped_peer_is_a_row_without_its_figure_and_is_listed_as_not_compared()
    {
        var points = new[]
        {
            Io("io", WsgiTwin, 10, 198),
            Io("io", Gunicorn, 10, 0) with { Missing = "skipped: target not available: requires Python module 'gunicorn'" },
        };

        var pair = Single(Fidelity.Analyze([WsgiTwin, Gunicorn with { Pool = null }], points), "wsgi");

        var row = Assert.Single(pair.Rows);
        Assert.Equal(198, row.Twin);
        Assert.Null(row.Peer);
        Assert.Null(row.Ratio);
        Assert.Contains("requires Python module 'gunicorn'", Assert.Single(pair.NotCompared), StringComparison.Ordinal);
        Assert.Empty(pair.Agree);
        Assert.Empty(pair.Differ);
    }
}
