using Bench.Suites.Claims.Statistics;
using Bench.Suites.Results;
using static Bench.Suites.Claims.Rules.ClaimText;

namespace Bench.Suites.Claims.Rules;

/// <summary>Claim 2: while requests wait on I/O, an event loop keeps serving; a thread pool caps at threads ÷ wait.</summary>
public sealed class IoWaitClaim : Claim
{
    /// <summary>"Caps at threads ÷ wait": WSGI's throughput within this share of it.</summary>
    public const double CapTolerance = 0.10;

    /// <summary>ASGI's throughput must grow at least this much from the lowest to the highest concurrency (or half the concurrency spread on a narrower sweep).</summary>
    public const double AsgiGrowth = 10;

    public override int Id => 2;

    public override string Title => "While requests wait on I/O, an event loop keeps serving; a thread pool caps at threads ÷ wait";

    public override string Measured => "Throughput vs concurrency on /users (I/O wait): WSGI's cap of threads ÷ wait time vs ASGI's growth.";

    public override string Rule =>
        $"Two parts. (a) WSGI at its highest concurrency above its pool: throughput ÷ (threads ÷ wait) within 1 ± {CapTolerance:P0} in every valid repeat " +
        $"(the range of ≥ {ClaimEvidence.MinRepeats} repeats must lie inside; wholly outside is a no). (b) ASGI's growth, throughput at its highest ÷ its lowest concurrency: " +
        $"the 90 % Hodges–Lehmann interval of the ratio (≥ 3 repeats a side) must lie at or above min({AsgiGrowth:0}×, half the concurrency spread); wholly below is a no. " +
        "Both yes: supported; both no: not supported; one of each: depends; an interval across its line: inconclusive.";

    public override IReadOnlyDictionary<string, double> Thresholds => new Dictionary<string, double> { ["capTolerance"] = CapTolerance, ["asgiGrowth"] = AsgiGrowth };

    public override ClaimVerdict Evaluate(ClaimEvidence e)
    {
        var io = e.Select(c => c.ScenarioKind == "http" && c.WaitSeconds is > 0 && c.Connections is not null);
        var wTop = io.Where(c => c.Cell.Model == "wsgi").MaxBy(c => c.Cell.Connections);
        var asgi = io.Where(c => c.Cell.Model == "asgi").OrderBy(c => c.Cell.Connections).ToList();
        if (wTop is null || asgi.Count < 2) return e.NotMeasured("needs WSGI at one concurrency and ASGI at two, on an I/O-bound path");
        var (aLow, aTop) = (asgi[0], asgi[^1]);
        e.Deciding(wTop, aLow, aTop);
        if (e.Unmeasurable() is { } silent) return silent;

        var w = wTop.Cell;
        double cap = w.Pool / w.WaitSeconds!.Value;
        var capShare = ClaimEvidence.Range(wTop.Values(c => c.Throughput / cap));
        var growth = RatioInterval.Of(aTop.Values(c => c.Throughput), aLow.Values(c => c.Throughput));
        double spread = (double)aTop.Cell.Connections!.Value / aLow.Cell.Connections!.Value;
        double needed = Math.Min(AsgiGrowth, spread / 2);
        var parts = new List<ClaimPart>
        {
            ClaimEvidence.Part("WSGI caps at threads ÷ wait", capShare.Within(1 - CapTolerance, 1 + CapTolerance),
                $"WSGI at {N(w.Connections!.Value)} connections serves {Of(capShare, X)} of its cap {N(cap)} req/s ({w.Pool} threads ÷ {N(w.WaitSeconds.Value * 1000)} ms)",
                capShare, $"within 1 ± {CapTolerance:P0}"),
            ClaimEvidence.Part("ASGI keeps serving", growth.AtLeast(needed),
                $"ASGI grows {Of(growth, X)} from {N(aLow.Cell.Connections.Value)} to {N(aTop.Cell.Connections.Value)} connections",
                growth, $"≥ {needed:0.#}×"),
        };
        string summary = $"WSGI {N(wTop.Median(c => c.Throughput))} req/s at {N(w.Connections.Value)} connections vs cap {N(cap)} ({Of(capShare, X)} of it); " +
            $"ASGI {N(aLow.Median(c => c.Throughput))} → {N(aTop.Median(c => c.Throughput))} req/s, {Of(growth, X)} (needs ≥ {needed:0.#}×)";
        return e.Verdict(parts, summary, new Dictionary<string, double>
        {
            ["wsgi.throughput"] = Round(wTop.Median(c => c.Throughput)),
            ["wsgi.cap"] = Round(cap),
            ["asgi.low"] = Round(aLow.Median(c => c.Throughput)),
            ["asgi.high"] = Round(aTop.Median(c => c.Throughput)),
            ["asgi.growth"] = Round(growth.Estimate, 2),
        });
    }
}
