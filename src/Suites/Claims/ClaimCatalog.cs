using Bench.Suites.Results;

namespace Bench.Suites.Claims;

/// <summary>
/// Every <see cref="Claim"/> in this assembly, found by type so that a new claim is one file, and the
/// evaluation of a suite's cells: each claim that has cells gets its verdict, in claim order.
/// </summary>
public static class ClaimCatalog
{
    public static IReadOnlyList<Claim> All { get; } = typeof(Claim).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Claim)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (Claim)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Id)
        .ToList();

    public static Claim? Find(int id) => All.FirstOrDefault(c => c.Id == id);

    /// <summary>The highest claim number a suite group may name.</summary>
    public static int MaxId => All.Max(c => c.Id);

    /// <summary>Verdicts for every claim that has cells in <paramref name="cells"/>, in claim order.</summary>
    public static IReadOnlyList<ClaimVerdict> Evaluate(IReadOnlyList<CellResult> cells) => Evaluate(CellFacts.From(cells));

    public static IReadOnlyList<ClaimVerdict> Evaluate(IReadOnlyList<CellFacts> facts)
    {
        var verdicts = new List<ClaimVerdict>();
        foreach (int id in facts.Where(f => f.Claim is not null).Select(f => f.Claim!.Value).Distinct().Order())
        {
            var mine = facts.Where(f => f.Claim == id).ToList();
            verdicts.Add(Find(id) is { } claim
                ? Judge(claim, facts)
                : new ClaimVerdict(id, $"claim {id}", Verdicts.NotMeasured, $"no rule is defined for claim {id}", new Dictionary<string, double>(), mine.Select(f => f.Id).ToList(), []));
        }
        return verdicts;
    }

    /// <summary>Runs one claim's rule on (possibly synthetic) facts.</summary>
    public static ClaimVerdict Judge(Claim claim, IReadOnlyList<CellFacts> facts) =>
        claim.Evaluate(new ClaimEvidence(claim, facts.Where(f => f.Claim == claim.Id).ToList(), facts));

    public static ClaimVerdict Judge(int id, IReadOnlyList<CellFacts> facts) =>
        Judge(Find(id) ?? throw new ArgumentOutOfRangeException(nameof(id), $"no claim {id}"), facts);
}
