using Bench.Suites.Results;
using static Bench.Suites.Claims.Rules.ClaimText;

namespace Bench.Suites.Claims.Rules;

/// <summary>Claim 7: one blocking call stalls every connection on its loop, where a thread pool degrades gracefully.</summary>
public sealed class BlockingLoopClaim : Claim
{
    /// <summary>A stalled loop serves at most this times workers ÷ wait.</summary>
    public const double StallSlack = 1.2;

    /// <summary>A pool that degrades gracefully keeps at least this share of min(c, threads) ÷ wait.</summary>
    public const double GracefulShare = 0.8;

    public override int Id => 7;

    public override string Title => "One blocking call stalls every connection on its loop, where a thread pool degrades gracefully";

    public override string Measured => "Throughput and latency of every connection while a blocking wait runs on the loop, vs the same wait on a thread pool.";

    public override string Rule =>
        $"At the highest concurrency both ran: (a) ASGI /blocking throughput ÷ (loops ÷ wait) ≤ {StallSlack:0.0} in every valid repeat (the loop is serialised); " +
        $"(b) WSGI throughput on the same wait ÷ (min(c, threads) ÷ wait) ≥ {GracefulShare:0.0} in every valid repeat (the pool is not). " +
        $"≥ {ClaimEvidence.MinRepeats} repeats each; the range of the repeats must lie on one side of the line, else inconclusive. Both yes: supported; both no: not supported; else depends.";

    public override IReadOnlyDictionary<string, double> Thresholds => new Dictionary<string, double> { ["stallSlack"] = StallSlack, ["gracefulShare"] = GracefulShare };

    public override ClaimVerdict Evaluate(ClaimEvidence e)
    {
        var http = e.Select(c => c.ScenarioKind == "http" && c.WaitSeconds is > 0 && c.Connections is not null);
        var blocking = http.Where(b => b.Cell.Model == "asgi" && b.Cell.Path!.StartsWith("/blocking", StringComparison.Ordinal)).ToList();
        var pool = http.Where(p => p.Cell.Model == "wsgi").ToList();
        int? c = blocking.Select(b => b.Cell.Connections).Intersect(pool.Select(p => p.Cell.Connections)).Max();
        if (c is null) return e.NotMeasured("needs ASGI /blocking and a WSGI wait at a common concurrency");
        var a = blocking.First(b => b.Cell.Connections == c);
        var w = pool.First(p => p.Cell.Connections == c);
        var offload = http.FirstOrDefault(o => o.Cell.Model == "asgi" && o.Cell.Connections == c && o.Cell.Path!.StartsWith("/offload", StringComparison.Ordinal));
        e.Deciding(a, w);
        if (e.Unmeasurable() is { } silent) return silent;

        double loopCap = a.Cell.Workers / a.Cell.WaitSeconds!.Value;
        double poolExpect = Math.Min(c.Value, w.Cell.Pool) / w.Cell.WaitSeconds!.Value;
        var stall = ClaimEvidence.Range(a.Values(f => f.Throughput / loopCap));
        var graceful = ClaimEvidence.Range(w.Values(f => f.Throughput / poolExpect));
        var parts = new List<ClaimPart>
        {
            ClaimEvidence.Part("the loop stalls", stall.AtMost(StallSlack),
                $"ASGI /blocking serves {Of(stall, X)} of its loop cap {N(loopCap)} req/s, p99 {N(a.Median(f => f.P99Ms))} ms", stall, $"≤ {StallSlack:0.0}× loops ÷ wait"),
            ClaimEvidence.Part("the pool degrades gracefully", graceful.AtLeast(GracefulShare),
                $"WSGI serves {Of(graceful, X)} of min(c, {w.Cell.Pool} threads) ÷ wait = {N(poolExpect)} req/s, p99 {N(w.Median(f => f.P99Ms))} ms", graceful, $"≥ {GracefulShare:0.0}× min(c, threads) ÷ wait"),
        };
        string summary = $"at {N(c.Value)} connections with a {N(a.Cell.WaitSeconds.Value * 1000)} ms blocking wait: " + string.Join("; ", parts.Select(p => p.Text)) +
            (offload is null || offload.Voting.Count == 0 ? "" : $"; ASGI /offload {N(offload.Median(f => f.Throughput))} req/s");
        var numbers = new Dictionary<string, double>
        {
            ["asgi.blocking"] = Round(a.Median(f => f.Throughput)),
            ["asgi.loopCap"] = Round(loopCap),
            ["asgi.p99Ms"] = Round(a.Median(f => f.P99Ms)),
            ["wsgi.throughput"] = Round(w.Median(f => f.Throughput)),
            ["wsgi.expected"] = Round(poolExpect),
            ["wsgi.p99Ms"] = Round(w.Median(f => f.P99Ms)),
        };
        if (offload is not null && offload.Voting.Count > 0) numbers["asgi.offload"] = Round(offload.Median(f => f.Throughput));
        return e.Verdict(parts, summary, numbers);
    }
}
