using Bench.Suites.Results;
using static Bench.Suites.Claims.Rules.ClaimText;

namespace Bench.Suites.Claims.Rules;

/// <summary>Claim 5: a WSGI stream holds a thread, so SSE subscribers cap at the pool; the event loop holds thousands.</summary>
public sealed class SseClaim : Claim
{
    /// <summary>A model "holds" N subscribers when at least this share streams at once.</summary>
    public const double HoldShare = 0.9;

    /// <summary>The thread-bound server "caps at the pool" when no more than this times its threads (+1) stream.</summary>
    public const double PoolCapSlack = 1.05;

    /// <summary>"Thousands".</summary>
    public const int Thousands = 1000;

    public override int Id => 5;

    public override string Title => "A WSGI stream holds a thread, so SSE subscribers cap at the pool; the event loop holds thousands";

    public override string Measured => "SSE subscribers streaming at once (the clients' count when the hold ended, cross-checked with the server's /stats), and the delivery lag and time to first event they saw.";

    public override string Rule =>
        $"Held = the clients' count of subscribers receiving events when the hold ended. (a) WSGI asked for more subscribers than threads: held ≤ {PoolCapSlack:0.00} × threads + 1 in every valid repeat; " +
        $"(b) ASGI asked for ≥ {Thousands:N0}: held ≥ {HoldShare:P0} of those asked in every valid repeat. ≥ {ClaimEvidence.MinRepeats} repeats each; repeats on both sides of a line: inconclusive. " +
        "Both yes: supported; both no: not supported; else depends. Delivery lag (client receive − server stamp) and time to first event are reported, never a stream's session length.";

    public override IReadOnlyDictionary<string, double> Thresholds => new Dictionary<string, double> { ["holdShare"] = HoldShare, ["poolCapSlack"] = PoolCapSlack, ["thousands"] = Thousands };

    public override ClaimVerdict Evaluate(ClaimEvidence e)
    {
        var sse = e.Select(c => c.ScenarioKind == "sse" && c.Connections is not null);
        var w = sse.Where(c => c.Cell.Model == "wsgi").MaxBy(c => c.Cell.Connections);
        var a = sse.Where(c => c.Cell.Model == "asgi").MaxBy(c => c.Cell.Connections);
        if (w is null || a is null) return e.NotMeasured("needs an SSE cell on each model");
        e.Deciding(w, a);
        if (e.Unmeasurable() is { } silent) return silent;

        int pool = w.Cell.Pool, asked = a.Cell.Connections!.Value;
        double capLine = PoolCapSlack * pool + 1;
        var wHeld = ClaimEvidence.Range(w.Values(f => f.ClientHeld ?? 0));
        var aShare = ClaimEvidence.Range(a.Values(f => (double)(f.ClientHeld ?? 0) / asked));
        var parts = new List<ClaimPart>
        {
            ClaimEvidence.Part("WSGI caps at the pool", w.Cell.Connections <= pool ? Statistics.Decision.No : wHeld.AtMost(capLine),
                $"WSGI ({pool} threads) streamed to {Of(wHeld, N)} of {N(w.Cell.Connections!.Value)} subscribers", wHeld, $"≤ {N(capLine)} ({PoolCapSlack:0.00} × threads + 1)"),
            ClaimEvidence.Part("the loop holds thousands", asked < Thousands ? Statistics.Decision.No : aShare.AtLeast(HoldShare),
                $"ASGI streamed to {Of(aShare, P)} of {N(asked)}", aShare, $"≥ {HoldShare:P0} of ≥ {Thousands:N0}"),
        };
        string summary = string.Join("; ", parts.Select(p => p.Text)) +
            $"; ASGI delivery lag p50 {N(a.Median(f => f.LagP50Ms ?? double.NaN))} ms, p99 {N(a.Median(f => f.LagP99Ms ?? double.NaN))} ms, first event p99 {N(a.Median(f => f.FirstEventP99Ms ?? double.NaN))} ms; " +
            $"WSGI delivery lag p99 {N(w.Median(f => f.LagP99Ms ?? double.NaN))} ms to the subscribers it served";
        var notes = new[] { HeldCounts.CrossCheck(w), HeldCounts.CrossCheck(a) }.OfType<string>().ToArray();
        return e.Verdict(parts, summary, new Dictionary<string, double>
        {
            ["wsgi.held"] = Round(HeldCounts.Client(w)),
            ["wsgi.threads"] = pool,
            ["asgi.held"] = Round(HeldCounts.Client(a)),
            ["asgi.requested"] = asked,
            ["asgi.lagP50Ms"] = Round(a.Median(f => f.LagP50Ms ?? double.NaN), 2),
            ["asgi.lagP99Ms"] = Round(a.Median(f => f.LagP99Ms ?? double.NaN), 2),
            ["asgi.firstEventP99Ms"] = Round(a.Median(f => f.FirstEventP99Ms ?? double.NaN), 1),
        }, notes);
    }
}
