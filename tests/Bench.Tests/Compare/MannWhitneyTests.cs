using Bench.Compare.Model;
using Bench.Compare.Statistics;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary>The p-values the gate rests on, checked against exact counts computed independently here.</summary>
public sealed class MannWhitneyTests
{
    [Fact]
    public void Complete_separation_of_8_and_8_gives_one_over_16_choose_8()
    {
        var low = new Sample(Enumerable.Range(1, 8).Select(i => (double)i).ToArray());
        var high = new Sample(Enumerable.Range(9, 8).Select(i => (double)i).ToArray());
        double p = MannWhitneyTest.Instance.GetPValue(high, low, AlternativeHypothesis.Greater, Threshold.Zero);
        Assert.Equal(1.0 / 12870, p, 1e-12);
    }

    [Fact]
    public void Two_sided_complete_separation_of_10_and_10_matches_the_exact_value()
    {
        var x = new Sample(Enumerable.Range(1, 10).Select(i => (double)i).ToArray());
        var y = new Sample(Enumerable.Range(11, 10).Select(i => (double)i).ToArray());
        Assert.Equal(2.0 / 184756, MannWhitneyTest.Instance.GetPValue(x, y, AlternativeHypothesis.TwoSides, Threshold.Zero), 1e-12);
    }

    [Theory]
    [InlineData(new double[] { 1, 3, 5, 7, 9, 11, 13, 15 }, new double[] { 2, 4, 6, 8, 10, 12, 14, 16 })]
    [InlineData(new double[] { 1, 2, 3, 4, 9, 10, 11, 12 }, new double[] { 5, 6, 7, 8, 13, 14, 15, 16 })]
    [InlineData(new double[] { 10, 11, 12, 13, 14, 15, 16, 17 }, new double[] { 1, 2, 3, 4, 5, 6, 7, 18 })]
    public void One_sided_p_values_match_an_exact_enumeration(double[] x, double[] y)
    {
        double expected = ExactPLess(x, y);
        double actual = MannWhitneyTest.Instance.GetPValue(new Sample(x), new Sample(y), AlternativeHypothesis.Less, Threshold.Zero);
        Assert.Equal(expected, actual, 1e-9);
    }

    /// <summary>P(U ≤ u observed) under H0 by counting every way to pick x's ranks among n+m (no ties).</summary>
    private static double ExactPLess(double[] x, double[] y)
    {
        int n = x.Length, m = y.Length;
        int u = x.Sum(a => y.Count(b => a > b));
        // count[k][s]: ways to choose k of the first i ranks for x with U contribution s.
        var ways = new double[n + 1, n * m + 1];
        ways[0, 0] = 1;
        for (int i = 0; i < n + m; i++)
        {
            for (int k = Math.Min(i, n - 1); k >= 0; k--)
                for (int s = 0; s <= n * m; s++)
                {
                    if (ways[k, s] == 0) continue;
                    int ysBelow = i - k; // placing x at rank i+1 beats the ys already placed
                    if (s + ysBelow <= n * m) ways[k + 1, s + ysBelow] += ways[k, s];
                }
        }
        double total = 0, atMost = 0;
        for (int s = 0; s <= n * m; s++)
        {
            total += ways[n, s];
            if (s <= u) atMost += ways[n, s];
        }
        return atMost / total;
    }
}
