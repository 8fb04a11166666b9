using Bench.Suites.Claims.Statistics;
using Bench.Suites.Results;
using static Bench.Suites.Claims.Rules.ClaimText;

namespace Bench.Suites.Claims.Rules;

/// <summary>Claim 6: much of an ASGI framework's speed comes from the model, not the framework (framework tax).</summary>
public sealed class FrameworkTaxClaim : Claim
{
    public override int Id => 6;

    public override string Title => "Much of an ASGI framework's speed comes from the model, not the framework (framework tax)";

    public override string Measured => "Throughput of the raw app vs a framework on the same server (the tax), against the model's own gain on the I/O-bound cells of claim 2.";

    public override string Rule =>
        "Tax = 1 − framework ÷ raw on the same server and load; the model's gain = ASGI ÷ WSGI throughput at the highest concurrency of claim 2's I/O-bound cells. " +
        "The model outweighs the framework when gain × (framework ÷ raw) ≥ 1, i.e. the framework on the loop still beats the raw app on the pool. " +
        "Each ratio has a 90 % Hodges–Lehmann interval (≥ 3 repeats a side); their product's interval multiplies the bounds (at least 80 % jointly). " +
        "Every ASGI framework's product wholly ≥ 1: supported; wholly below: not supported; across 1: inconclusive.";

    public override IReadOnlyDictionary<string, double> Thresholds => new Dictionary<string, double> { ["outweighs"] = 1 };

    public override ClaimVerdict Evaluate(ClaimEvidence e)
    {
        var cells = e.Select(_ => true);
        var pairs = (from f in cells
                     where f.Cell.Framework is not null
                     from r in cells
                     where r.Cell.Framework is null && r.Cell.Model == f.Cell.Model && r.Cell.Scenario == f.Cell.Scenario && r.Cell.Connections == f.Cell.Connections && r.Cell.Rate == f.Cell.Rate
                     select (f, r)).ToList();
        var io = e.SelectAll(c => c.Claim == 2 && c.ScenarioKind == "http" && c.WaitSeconds is > 0 && c.Connections is not null);
        int? top = io.Where(c => c.Cell.Model == "wsgi").Select(c => c.Cell.Connections).Intersect(io.Where(c => c.Cell.Model == "asgi").Select(c => c.Cell.Connections)).Max();
        var asgiPairs = pairs.Where(p => p.f.Cell.Model == "asgi").ToList();
        if (asgiPairs.Count == 0 || top is null) return e.NotMeasured("needs a raw/framework pair on an ASGI server and claim 2's I/O-bound cells on both models");
        var wTop = io.First(c => c.Cell.Model == "wsgi" && c.Cell.Connections == top);
        var aTop = io.First(c => c.Cell.Model == "asgi" && c.Cell.Connections == top);
        foreach (var (f, r) in pairs) e.Deciding(f, r);
        e.Deciding(wTop, aTop);
        if (e.Unmeasurable() is { } silent) return silent;

        var gain = RatioInterval.Of(aTop.Values(c => c.Throughput), wTop.Values(c => c.Throughput));
        var parts = new List<ClaimPart>();
        var texts = new List<string>();
        var numbers = new Dictionary<string, double> { ["modelGain"] = Round(gain.Estimate, 2) };
        foreach (var (f, r) in pairs)
        {
            var kept = RatioInterval.Of(f.Values(c => c.Throughput), r.Values(c => c.Throughput));
            texts.Add($"{f.Cell.Framework} on {f.Cell.Model}: {N(f.Median(c => c.Throughput))} vs raw {N(r.Median(c => c.Throughput))} req/s (keeps {Of(kept, X)}, tax {P(1 - kept.Estimate)})");
            numbers[$"tax.{f.Cell.Framework}"] = Round(1 - kept.Estimate, 3);
            if (f.Cell.Model != "asgi") continue;
            var product = gain.Formed && kept.Formed
                ? new Interval(gain.Estimate * kept.Estimate, gain.Low * kept.Low, gain.High * kept.High, 0.8, "product of two 90 % intervals")
                : new Interval(gain.Estimate * kept.Estimate, null, null, null, gain.Formed ? kept.Method : gain.Method);
            parts.Add(ClaimEvidence.Part($"{f.Cell.Framework}: the model outweighs the framework", product.AtLeast(1),
                $"{f.Cell.Framework} on the loop vs raw on the pool: gain × kept = {Of(product, X)}", product, "≥ 1×"));
        }
        string summary = string.Join("; ", texts) + $"; model gain ASGI ÷ WSGI at {N(top.Value)} connections {Of(gain, X)}; " + string.Join("; ", parts.Select(p => p.Text));
        return e.Verdict(parts, summary, numbers);
    }
}
