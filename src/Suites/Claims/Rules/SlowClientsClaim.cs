using Bench.Suites.Claims.Statistics;
using Bench.Suites.Results;
using static Bench.Suites.Claims.Rules.ClaimText;

namespace Bench.Suites.Claims.Rules;

/// <summary>Claim 8: slow clients (slowloris) starve a thread pool; an event loop keeps serving.</summary>
public sealed class SlowClientsClaim : Claim
{
    /// <summary>"Starved": the pool's probe gets at most this share of the throughput it had with no slow clients.</summary>
    public const double StarvedShare = 0.2;

    /// <summary>"Keeps serving": the loop's probe keeps at least this share of it.</summary>
    public const double KeptShare = 0.8;

    public override int Id => 8;

    public override string Title => "Slow clients starve a thread pool; an event loop keeps serving";

    public override string Measured => "A /hello probe's throughput, p99 and errors beside 0 to 64 clients that trickle their request heads one byte at a time (slowloris), WSGI 32 threads vs ASGI.";

    public override string Rule =>
        $"At the most trickling clients both ran, if that is at least the WSGI pool: probe throughput with them ÷ with none, the 90 % Hodges–Lehmann interval of the ratio " +
        $"(≥ {ClaimEvidence.MinRepeats} repeats a side). (a) WSGI: the interval at or below {StarvedShare:P0} (the pool is starved); " +
        $"(b) ASGI: at or above {KeptShare:P0} (the loop keeps serving); an interval wholly on the other side is a no. " +
        "Both yes: supported; both no: not supported; one of each: depends; an interval across its line: inconclusive. Probe p99 and errors are reported beside.";

    public override IReadOnlyDictionary<string, double> Thresholds => new Dictionary<string, double> { ["starvedShare"] = StarvedShare, ["keptShare"] = KeptShare };

    public override ClaimVerdict Evaluate(ClaimEvidence e)
    {
        var cells = e.Select(c => c.ScenarioKind == TrickleProbeNames.Kind && c.Trickling is not null);
        var wsgi = cells.Where(c => c.Cell.Model == "wsgi").ToList();
        var asgi = cells.Where(c => c.Cell.Model == "asgi").ToList();
        var wBase = wsgi.FirstOrDefault(c => c.Cell.Trickling == 0);
        var aBase = asgi.FirstOrDefault(c => c.Cell.Trickling == 0);
        int? most = wsgi.Select(c => c.Cell.Trickling).Intersect(asgi.Select(c => c.Cell.Trickling)).Where(n => n > 0).Max();
        if (wBase is null || aBase is null || most is null) return e.NotMeasured("needs WSGI and ASGI probe cells with 0 slow clients and with some");
        var wLoaded = wsgi.First(c => c.Cell.Trickling == most);
        var aLoaded = asgi.First(c => c.Cell.Trickling == most);
        if (most < wLoaded.Cell.Pool) return e.NotMeasured($"the most slow clients ({most}) are fewer than the WSGI pool ({wLoaded.Cell.Pool} threads): they cannot take every thread");
        e.Deciding(wBase, wLoaded, aBase, aLoaded);
        if (e.Unmeasurable() is { } silent) return silent;

        var wShare = RatioInterval.Of(wLoaded.Values(c => c.ProbeThroughput ?? double.NaN), wBase.Values(c => c.ProbeThroughput ?? double.NaN));
        var aShare = RatioInterval.Of(aLoaded.Values(c => c.ProbeThroughput ?? double.NaN), aBase.Values(c => c.ProbeThroughput ?? double.NaN));
        string Probe(Repeats r) => $"{N(r.Median(c => c.ProbeThroughput ?? double.NaN))} req/s, p99 {N(r.Median(c => c.ProbeP99Ms ?? double.NaN))} ms, errors {P(r.Median(c => c.ProbeErrorRate ?? double.NaN))}";
        var parts = new List<ClaimPart>
        {
            ClaimEvidence.Part("the thread pool is starved", wShare.AtMost(StarvedShare),
                $"WSGI ({wLoaded.Cell.Pool} threads) probe with {N(most.Value)} slow clients keeps {Of(wShare, X)} of its throughput alone ({Probe(wLoaded)}, alone {Probe(wBase)})",
                wShare, $"≤ {StarvedShare:0.0}×"),
            ClaimEvidence.Part("the event loop keeps serving", aShare.AtLeast(KeptShare),
                $"ASGI probe with {N(most.Value)} slow clients keeps {Of(aShare, X)} ({Probe(aLoaded)}, alone {Probe(aBase)})",
                aShare, $"≥ {KeptShare:0.0}×"),
        };
        string summary = $"with {N(most.Value)} clients trickling their heads: " + string.Join("; ", parts.Select(p => p.Text));
        var numbers = new Dictionary<string, double>
        {
            ["slowClients"] = most.Value,
            ["wsgi.probeAlone"] = Round(wBase.Median(c => c.ProbeThroughput ?? double.NaN)),
            ["wsgi.probeBeside"] = Round(wLoaded.Median(c => c.ProbeThroughput ?? double.NaN)),
            ["wsgi.p99MsBeside"] = Round(wLoaded.Median(c => c.ProbeP99Ms ?? double.NaN)),
            ["wsgi.errorRateBeside"] = Round(wLoaded.Median(c => c.ProbeErrorRate ?? double.NaN), 3),
            ["asgi.probeAlone"] = Round(aBase.Median(c => c.ProbeThroughput ?? double.NaN)),
            ["asgi.probeBeside"] = Round(aLoaded.Median(c => c.ProbeThroughput ?? double.NaN)),
            ["asgi.p99MsBeside"] = Round(aLoaded.Median(c => c.ProbeP99Ms ?? double.NaN)),
            ["asgi.errorRateBeside"] = Round(aLoaded.Median(c => c.ProbeErrorRate ?? double.NaN), 3),
        };
        return e.Verdict(parts, summary, numbers);
    }
}
