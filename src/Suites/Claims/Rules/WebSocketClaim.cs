using Bench.Suites.Claims.Statistics;
using Bench.Suites.Results;
using static Bench.Suites.Claims.Rules.ClaimText;

namespace Bench.Suites.Claims.Rules;

/// <summary>Claim 4: WebSockets need ASGI — WSGI refuses them, hijacking holds one socket per thread, the event loop holds thousands.</summary>
public sealed class WebSocketClaim : Claim
{
    /// <summary>WSGI "refuses" when at least this share of handshakes failed.</summary>
    public const double RefusedShare = 0.99;

    public override int Id => 4;

    public override string Title => "WebSockets need ASGI: WSGI refuses them, hijacking holds one socket per thread, the event loop holds thousands";

    public override string Measured => "WebSockets open at once (the clients' count when the hold ended, cross-checked with the server's /stats): WSGI's refusal, the hijack's one socket per thread, the event loop's thousands.";

    public override string Rule =>
        $"Held = the clients' count of open WebSockets when the hold ended. (a) ASGI asked for ≥ {SseClaim.Thousands:N0}: held ≥ {SseClaim.HoldShare:P0} of them; " +
        $"(b) WSGI without hijack: 0 held and ≥ {RefusedShare:P0} of handshakes failed; (c) WSGI with hijack asked for more sockets than threads: held ≤ {SseClaim.PoolCapSlack:0.00} × threads + 1. " +
        $"Each in every valid repeat (≥ {ClaimEvidence.MinRepeats}); repeats on both sides of a line: inconclusive. All yes: supported; all no: not supported; else depends. " +
        "Needs the loop and at least one WSGI cell.";

    public override IReadOnlyDictionary<string, double> Thresholds => new Dictionary<string, double>
    {
        ["holdShare"] = SseClaim.HoldShare, ["poolCapSlack"] = SseClaim.PoolCapSlack, ["thousands"] = SseClaim.Thousands, ["refusedShare"] = RefusedShare,
    };

    public override ClaimVerdict Evaluate(ClaimEvidence e)
    {
        var ws = e.Select(c => c.ScenarioKind.StartsWith("ws", StringComparison.Ordinal) && c.Connections is not null);
        var asgi = ws.Where(c => c.Cell.Model == "asgi").MaxBy(c => c.Cell.Connections);
        var refuse = ws.Where(c => c.Cell.Model == "wsgi" && c.Cell.Option("ws", "refuse") == "refuse").MaxBy(c => c.Cell.Connections);
        var hijack = ws.Where(c => c.Cell.Model == "wsgi" && c.Cell.Option("ws", "refuse") == "hijack").MaxBy(c => c.Cell.Connections);
        if (asgi is null || (refuse is null && hijack is null)) return e.NotMeasured("needs a WebSocket cell on the loop and on WSGI (refuse or hijack)");
        e.Deciding(asgi, refuse, hijack);
        if (e.Unmeasurable() is { } silent) return silent;

        int n = asgi.Cell.Connections!.Value;
        var share = ClaimEvidence.Range(asgi.Values(f => (double)(f.ClientHeld ?? 0) / n));
        var parts = new List<ClaimPart>
        {
            ClaimEvidence.Part("the loop holds thousands", n < SseClaim.Thousands ? Decision.No : share.AtLeast(SseClaim.HoldShare),
                $"ASGI held {Of(share, P)} of {N(n)} sockets", share, $"≥ {SseClaim.HoldShare:P0} of ≥ {SseClaim.Thousands:N0}"),
        };
        var numbers = new Dictionary<string, double> { ["asgi.held"] = Round(HeldCounts.Client(asgi)), ["asgi.requested"] = n };
        if (refuse is not null)
        {
            var held = ClaimEvidence.Range(refuse.Values(f => f.ClientHeld ?? 0));
            var failed = ClaimEvidence.Range(refuse.Values(f => f.ErrorRate));
            var d = (held.AtMost(0), failed.AtLeast(RefusedShare)) switch
            {
                (Decision.Yes, Decision.Yes) => Decision.Yes,
                (Decision.No, _) or (_, Decision.No) => Decision.No,
                _ => Decision.Inconclusive,
            };
            parts.Add(ClaimEvidence.Part("WSGI refuses", d, $"WSGI (refuse) held {Of(held, N)}, {Of(failed, P)} of handshakes failed", failed, $"0 held and ≥ {RefusedShare:P0} failed"));
            numbers["refuse.errorRate"] = Round(failed.Estimate, 3);
        }
        if (hijack is not null)
        {
            var held = ClaimEvidence.Range(hijack.Values(f => f.ClientHeld ?? 0));
            double line = SseClaim.PoolCapSlack * hijack.Cell.Pool + 1;
            parts.Add(ClaimEvidence.Part("hijack holds one socket per thread", hijack.Cell.Connections <= hijack.Cell.Pool ? Decision.No : held.AtMost(line),
                $"WSGI hijack held {Of(held, N)} of {N(hijack.Cell.Connections!.Value)} with {hijack.Cell.Pool} threads", held, $"≤ {N(line)}"));
            numbers["hijack.held"] = Round(held.Estimate);
        }
        var notes = new[] { HeldCounts.CrossCheck(asgi), refuse is null ? null : HeldCounts.CrossCheck(refuse), hijack is null ? null : HeldCounts.CrossCheck(hijack) }.OfType<string>().ToList();
        if (n < SseClaim.Thousands) notes.Add($"ASGI was asked for {N(n)} sockets, fewer than the claim's thousands");
        return e.Verdict(parts, string.Join("; ", parts.Select(p => p.Text)), numbers, notes.ToArray());
    }
}
