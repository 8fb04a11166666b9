namespace Bench.Compare.History;

/// <summary>One change found in a series: the first index after the shift, the means either side, and the test's p-value.</summary>
public sealed record ChangePoint(int Index, double MeanBefore, double MeanAfter, double PValue)
{
    /// <summary>Relative shift, after/before − 1 (+0.05 is 5 % higher).</summary>
    public double Shift => MeanBefore == 0 ? double.NaN : MeanAfter / MeanBefore - 1;
}

/// <summary>
/// E-Divisive with means (Matteson &amp; James, "A Nonparametric Approach for Multiple Change
/// Point Analysis of Multivariate Data", JASA 2014), as MongoDB's performance CI runs it (Daly
/// et al., ICPE 2020): the split that maximises the energy distance between the two sides is a
/// candidate; a permutation test says whether it is real; the search repeats inside the pieces
/// until no candidate is significant. Distances are |x − y| (alpha = 1); the candidate's end is
/// the end of its segment (MongoDB's simplification of the paper's second search over κ).
/// Permutations come from a seeded generator, so a series always gives the same answer.
/// </summary>
public sealed class EDivisive
{
    /// <summary>Significance a candidate needs to count (a permutation p-value).</summary>
    public double PValue { get; init; } = 0.01;

    public int Permutations { get; init; } = 199;

    /// <summary>Fewest points either side of a change: a step is judged on at least this many.</summary>
    public int MinSegment { get; init; } = 5;

    public int Seed { get; init; } = 20140101;

    /// <summary>
    /// Smallest relative shift of the mean worth reporting: a significant split of 0.06 % in an
    /// instruction count is real but no one's regression. The search stops at the first
    /// significant candidate below it.
    /// </summary>
    public double MinShift { get; init; } = 0.01;

    public IReadOnlyList<ChangePoint> Detect(IReadOnlyList<double> series)
    {
        var values = series.ToArray();
        var random = new Random(Seed);
        var cuts = new SortedSet<int> { 0, values.Length };
        var found = new List<(int Index, double P)>();
        while (true)
        {
            // The strongest candidate across the current segments.
            (int Index, double Q, int Start, int End) best = (-1, 0, 0, 0);
            foreach (var (start, end) in Segments(cuts))
            {
                var (index, q) = BestSplit(values.AsSpan(start, end - start));
                if (index > 0 && q > best.Q) best = (start + index, q, start, end);
            }
            if (best.Index < 0) break;
            double p = Significance(values.AsSpan(best.Start, best.End - best.Start), best.Q, random);
            if (p > PValue) break;
            double before = Mean(values, best.Start, best.Index), after = Mean(values, best.Index, best.End);
            if (before == 0 || Math.Abs(after / before - 1) < MinShift) break;
            cuts.Add(best.Index);
            found.Add((best.Index, p));
        }
        var ordered = cuts.ToArray();
        return found.OrderBy(f => f.Index).Select(f =>
        {
            int at = Array.IndexOf(ordered, f.Index);
            return new ChangePoint(f.Index, Mean(values, ordered[at - 1], f.Index), Mean(values, f.Index, ordered[at + 1]), f.P);
        }).ToList();
    }

    /// <summary>
    /// The τ maximising Q̂(τ) = mn/(m+n) · (2/(mn) Σ|x−y| − 1/C(m,2) Σ|x−x'| − 1/C(n,2) Σ|y−y'|)
    /// for left part [0, τ) of m points and right part [τ, T) of n, in O(T²) by moving one point at
    /// a time from right to left. Returns index −1 when the segment is too short to split.
    /// </summary>
    public (int Index, double Q) BestSplit(ReadOnlySpan<double> z)
    {
        int t = z.Length;
        if (t < 2 * MinSegment) return (-1, 0);
        double within = 0; // all pairs, split into left, right and cross as τ moves
        double left = 0, cross = 0, right = 0;
        for (int i = 0; i < t; i++)
            for (int j = i + 1; j < t; j++) within += Math.Abs(z[i] - z[j]);
        right = within;
        (int Index, double Q) best = (-1, double.NegativeInfinity);
        for (int tau = 1; tau < t - MinSegment + 1; tau++)
        {
            // Point tau-1 moves from right to left.
            int k = tau - 1;
            double toLeft = 0, toRight = 0;
            for (int i = 0; i < k; i++) toLeft += Math.Abs(z[i] - z[k]);
            for (int j = k + 1; j < t; j++) toRight += Math.Abs(z[k] - z[j]);
            left += toLeft;
            right -= toRight;
            cross += toRight - toLeft;
            if (tau < MinSegment) continue;
            double m = tau, n = t - tau;
            double e = 2 * cross / (m * n) - left / (m * (m - 1) / 2) - right / (n * (n - 1) / 2);
            double q = m * n / (m + n) * e;
            if (q > best.Q) best = (tau, q);
        }
        return best.Index < 0 ? (-1, 0) : best;
    }

    /// <summary>Share of random orderings of the segment whose best split is at least as strong ((hits + 1) / (permutations + 1)).</summary>
    private double Significance(ReadOnlySpan<double> segment, double observed, Random random)
    {
        var shuffled = segment.ToArray();
        int atLeast = 0;
        for (int r = 0; r < Permutations; r++)
        {
            random.Shuffle(shuffled);
            if (BestSplit(shuffled).Q >= observed) atLeast++;
        }
        return (atLeast + 1.0) / (Permutations + 1.0);
    }

    private static IEnumerable<(int Start, int End)> Segments(SortedSet<int> cuts)
    {
        int? previous = null;
        foreach (int cut in cuts)
        {
            if (previous is { } p) yield return (p, cut);
            previous = cut;
        }
    }

    private static double Mean(double[] values, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++) sum += values[i];
        return sum / (to - from);
    }
}
