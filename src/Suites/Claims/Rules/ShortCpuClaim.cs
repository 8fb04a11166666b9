using Bench.Suites.Claims.Statistics;
using Bench.Suites.Results;
using static Bench.Suites.Claims.Rules.ClaimText;

namespace Bench.Suites.Claims.Rules;

/// <summary>Claim 3: WSGI is not inherently slow — on short CPU-bound requests at low concurrency it can match or beat the event loop.</summary>
public sealed class ShortCpuClaim : Claim
{
    /// <summary>WSGI "matches" ASGI at or above this throughput ratio.</summary>
    public const double MatchRatio = 0.9;

    /// <summary>What counts as low concurrency.</summary>
    public const int LowConcurrency = 10;

    public override int Id => 3;

    public override string Title => "WSGI is not inherently slow: on short CPU-bound requests at low concurrency it can match or beat the event loop";

    public override string Measured => "Throughput on short CPU-bound requests (/hello, /cpu) at low concurrency, WSGI and ASGI on the same cells.";

    public override string Rule =>
        $"For every path both models ran at ≤ {LowConcurrency} connections: WSGI ÷ ASGI throughput, the 90 % Hodges–Lehmann interval of the ratio from ≥ 3 repeats a side. " +
        $"A pair matches when the whole interval is ≥ {MatchRatio:0.0}×, does not when it is wholly below. Every pair matches: supported; none: not supported; " +
        "some: depends; any interval across the line: inconclusive.";

    public override IReadOnlyDictionary<string, double> Thresholds => new Dictionary<string, double> { ["matchRatio"] = MatchRatio, ["lowConcurrency"] = LowConcurrency };

    public override ClaimVerdict Evaluate(ClaimEvidence e)
    {
        var low = e.Select(c => c.ScenarioKind == "http" && c.Connections is <= LowConcurrency);
        var pairs = (from w in low
                     where w.Cell.Model == "wsgi"
                     from a in low
                     where a.Cell.Model == "asgi" && a.Cell.Scenario == w.Cell.Scenario && a.Cell.Connections == w.Cell.Connections
                     select (w, a)).ToList();
        if (pairs.Count == 0) return e.NotMeasured("no path was run on both models at low concurrency");
        foreach (var (w, a) in pairs) e.Deciding(w, a);
        if (e.Unmeasurable() is { } silent) return silent;

        var parts = new List<ClaimPart>();
        var numbers = new Dictionary<string, double>();
        foreach (var (w, a) in pairs)
        {
            var ratio = RatioInterval.Of(w.Values(c => c.Throughput), a.Values(c => c.Throughput));
            string name = $"{w.Cell.Scenario} at {w.Cell.Connections}";
            parts.Add(ClaimEvidence.Part(name, ratio.AtLeast(MatchRatio),
                $"{name}: WSGI {N(w.Median(c => c.Throughput))} vs ASGI {N(a.Median(c => c.Throughput))} req/s, ratio {Of(ratio, X)}", ratio, $"≥ {MatchRatio:0.0}×"));
            numbers[$"ratio.{w.Cell.Scenario}.c{w.Cell.Connections}"] = Round(ratio.Estimate, 3);
        }
        int matched = parts.Count(p => p.Decision == nameof(Decision.Yes));
        string summary = string.Join("; ", parts.Select(p => p.Text)) + $" — WSGI clearly matches or beats (≥ {MatchRatio:0.0}×) in {matched} of {parts.Count}";
        return e.Verdict(parts, summary, numbers);
    }
}
