using Bench.Suites.Claims.Statistics;
using Bench.Suites.Results;

namespace Bench.Suites.Claims;

/// <summary>
/// What a claim's rule sees — every repeat of its own cells and of every other claim's — and the
/// bookkeeping every rule shares: which cells decided it, which of their repeats could not vote and why,
/// "not measured" when a deciding cell has no valid repeat at all, and how parts combine into a verdict.
/// </summary>
public sealed class ClaimEvidence(Claim claim, IReadOnlyList<CellFacts> mine, IReadOnlyList<CellFacts> all)
{
    /// <summary>Valid repeats a deciding cell needs before an interval is formed (3 a side gives a 90 % ratio interval).</summary>
    public const int MinRepeats = 3;

    private readonly List<Repeats> _deciding = [];

    public Claim Claim => claim;

    /// <summary>Every repeat of this claim's cells, voting or not.</summary>
    public IReadOnlyList<CellFacts> Cells => mine;

    /// <summary>Every repeat of every claim's cells (claim 6 reads claim 2's).</summary>
    public IReadOnlyList<CellFacts> All => all;

    /// <summary>This claim's cells that match, one <see cref="Repeats"/> per cell, in run order.</summary>
    public IReadOnlyList<Repeats> Select(Func<CellFacts, bool> where) => Group(mine.Where(where));

    /// <summary>Every claim's cells that match.</summary>
    public IReadOnlyList<Repeats> SelectAll(Func<CellFacts, bool> where) => Group(all.Where(where));

    private static List<Repeats> Group(IEnumerable<CellFacts> facts) =>
        facts.GroupBy(f => f.CellKey, StringComparer.Ordinal).Select(g => new Repeats(g.Key, g.ToList())).ToList();

    /// <summary>Marks cells as deciding: they are named in the verdict, and without a voting repeat they make it "not measured".</summary>
    public void Deciding(params Repeats?[] cells) => _deciding.AddRange(cells.OfType<Repeats>().Where(c => !_deciding.Contains(c)));

    /// <summary>"Not measured" when a deciding cell has no voting repeat, saying which and why; null when every one can vote.</summary>
    public ClaimVerdict? Unmeasurable()
    {
        var silent = _deciding.Where(c => c.Voting.Count == 0).ToList();
        if (silent.Count == 0) return null;
        return NotMeasuredVerdict($"{silent.Count} deciding cell(s) had no valid repeat: " +
            string.Join("; ", silent.Select(c => $"{c.Label} ({c.All.Count} repeat(s), e.g. {c.All[0].Excluded})")));
    }

    /// <summary>"Not measured" because <paramref name="why"/>, with the reasons of this claim's cells that could not vote.</summary>
    public ClaimVerdict NotMeasured(string why)
    {
        var silent = mine.Where(f => !f.Votes).GroupBy(f => f.Excluded).Select(g => $"{g.Count()} repeat(s): {g.Key}").ToList();
        return NotMeasuredVerdict(silent.Count == 0 ? why : $"{why}; of this claim's cells, {string.Join("; ", silent)}");
    }

    private ClaimVerdict NotMeasuredVerdict(string why) => new(claim.Id, claim.Title, Verdicts.NotMeasured, why, new Dictionary<string, double>(),
        (_deciding.Count > 0 ? _deciding.SelectMany(c => c.All) : mine).Select(f => f.Id).ToList(), [])
    {
        Rule = claim.Rule,
        NotVoting = NotVoting(),
    };

    /// <summary>
    /// Every part yes: supported; every part no: not supported; some of each: depends; any part whose
    /// interval straddles its threshold (or could not be formed): inconclusive.
    /// </summary>
    public ClaimVerdict Verdict(IReadOnlyList<ClaimPart> parts, string summary, IReadOnlyDictionary<string, double> numbers, params string[] notes)
    {
        string verdict = parts.Count == 0 ? Verdicts.NotMeasured
            : parts.Any(p => p.Decision == nameof(Decision.Inconclusive)) ? Verdicts.Inconclusive
            : parts.All(p => p.Decision == nameof(Decision.Yes)) ? Verdicts.Supported
            : parts.All(p => p.Decision == nameof(Decision.No)) ? Verdicts.NotSupported
            : Verdicts.Depends;
        var allNotes = notes.Where(n => n.Length > 0).ToList();
        var notVoting = NotVoting();
        if (notVoting.Count > 0) allNotes.Add($"{notVoting.Count} repeat(s) of the deciding cells did not vote (listed with the reason)");
        // A figure no valid repeat measured (a stream without events, a cell without a settled reading) is left out, not written as NaN.
        var measured = numbers.Where(kv => double.IsFinite(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new ClaimVerdict(claim.Id, claim.Title, verdict, summary, measured, _deciding.SelectMany(c => c.All).Select(f => f.Id).ToList(), allNotes)
        {
            Rule = claim.Rule,
            Parts = parts,
            NotVoting = notVoting,
        };
    }

    private List<string> NotVoting() => _deciding.SelectMany(c => c.All).Where(f => !f.Votes).Select(f => $"{f.Id}: {f.Excluded}").ToList();

    /// <summary>A part decided by <paramref name="decision"/> on <paramref name="interval"/>.</summary>
    public static ClaimPart Part(string name, Decision decision, string text, Interval interval, string threshold) =>
        new(name, decision.ToString(), text, Finite(interval.Estimate), interval.Low, interval.High, interval.Confidence, threshold);

    /// <summary>
    /// One cell's figure against a fixed line: the median of the valid repeats, and their range as the
    /// interval — every repeat must be on the same side for a yes or a no. Fewer than <see cref="MinRepeats"/> form none.
    /// </summary>
    public static Interval Range(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new Interval(double.NaN, null, null, null, "no valid repeat");
        double median = Median(values);
        return values.Count < MinRepeats
            ? new Interval(median, null, null, null, $"{values.Count} valid repeat(s); the rule needs {MinRepeats}")
            : new Interval(median, values.Min(), values.Max(), null, "range of the valid repeats");
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static double? Finite(double d) => double.IsFinite(d) ? d : null;
}

/// <summary>Every repeat of one cell; only <see cref="Voting"/> ones (completed and valid) carry figures a rule may use.</summary>
public sealed record Repeats(string Key, IReadOnlyList<CellFacts> All)
{
    public IReadOnlyList<CellFacts> Voting { get; } = All.Where(f => f.Votes).ToList();

    /// <summary>The cell's parameters (target, scenario, load), the same in every repeat.</summary>
    public CellFacts Cell => All[0];

    public string Label => Cell.Label;

    public IReadOnlyList<double> Values(Func<CellFacts, double> pick) => Voting.Select(pick).ToList();

    public double Median(Func<CellFacts, double> pick) => ClaimEvidence.Median(Values(pick));
}
