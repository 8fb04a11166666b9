using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;

namespace Bench.Suites.Claims.Statistics;

/// <summary>
/// The ratio of two cells' medians, a over b, from their repeats: the Hodges–Lehmann estimate on the log
/// scale (the median of every pairwise log ratio) and its distribution-free interval — the k-th smallest
/// and k-th largest pairwise ratios, k from the exact Mann–Whitney distribution (Perfolizer), so that the
/// interval covers the true ratio with at least the asked confidence. With 3 repeats a side the widest
/// interval, min … max pairwise ratio, has 90 %; fewer repeats cannot reach 90 % and form no interval.
/// </summary>
public static class RatioInterval
{
    public const double DefaultConfidence = 0.90;

    public static Interval Of(IReadOnlyList<double> a, IReadOnlyList<double> b, double confidence = DefaultConfidence)
    {
        // A zero on top is a measured ratio of 0 (a starved server served nothing): it sorts first, as
        // its log of −∞ would. A zero or a missing figure below has no ratio at all.
        var ratios = (from x in a from y in b where x >= 0 && y > 0 select x / y).Order().ToArray();
        if (ratios.Length == 0) return new Interval(double.NaN, null, null, confidence, b.Any(y => y > 0) ? "no values" : "nothing to divide by: no positive values below");
        double estimate = GeometricMedian(ratios);
        int k = Rank(a.Count, b.Count, confidence);
        if (k == 0 || ratios.Length < a.Count * b.Count)
            return new Interval(estimate, null, null, confidence, $"{a.Count} vs {b.Count} repeats cannot give a {confidence:P0} interval");
        return new Interval(estimate, ratios[k - 1], ratios[^k], confidence, "Hodges–Lehmann, Mann–Whitney interval");
    }

    /// <summary>The largest k with P(U ≤ k − 1) ≤ (1 − confidence) / 2; 0 when even k = 1 is too wide a claim.</summary>
    public static int Rank(int n, int m, double confidence)
    {
        var cdf = MannWhitneyClassicExactCdf.Instance;
        double tail = (1 - confidence) / 2;
        int k = 0;
        // Perfolizer's Cdf(n, m, u) is P(U < u) = P(U ≤ u − 1).
        while (k < n * m / 2 && cdf.Cdf(n, m, k + 1) <= tail + 1e-12) k++;
        return k;
    }

    /// <summary>The median on the log scale: of an even count, the geometric mean of the middle two (0 if one is 0).</summary>
    private static double GeometricMedian(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : Math.Sqrt(sorted[sorted.Length / 2 - 1] * sorted[sorted.Length / 2]);
}
