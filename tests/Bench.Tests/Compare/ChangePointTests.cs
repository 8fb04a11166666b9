using Bench.Compare.History;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary>E-Divisive on synthetic series: the acceptance (a 5 % step after 30 points at the right index, none in noise) and its edges.</summary>
public sealed class ChangePointTests
{
    /// <summary>Gaussian noise of the given relative spread around 100 (Box–Muller on a seeded generator: the same series every run).</summary>
    private static double[] Series(int seed, int length, double noise, Func<int, double>? level = null)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(i =>
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double gaussian = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return 100 * (level?.Invoke(i) ?? 1) * (1 + noise * gaussian);
        }).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void A_5_percent_step_after_30_points_is_found_at_index_30(int seed)
    {
        var series = Series(seed, 60, 0.01, i => i >= 30 ? 1.05 : 1);

        var change = Assert.Single(new EDivisive().Detect(series));

        Assert.Equal(30, change.Index);
        Assert.InRange(change.Shift, 0.04, 0.06);
        Assert.True(change.PValue <= 0.01, $"p = {change.PValue}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Noise_alone_has_no_change_point(int seed)
    {
        Assert.Empty(new EDivisive().Detect(Series(seed, 60, 0.01)));
    }

    [Fact]
    public void Noise_with_outliers_has_no_change_point()
    {
        var series = Series(11, 60, 0.01);
        series[17] *= 1.3;
        series[44] *= 1.3;

        Assert.Empty(new EDivisive().Detect(series));
    }

    [Fact]
    public void A_step_down_and_back_up_gives_two_changes_with_their_signs()
    {
        var series = Series(4, 90, 0.01, i => i is >= 30 and < 60 ? 0.9 : 1);

        var changes = new EDivisive().Detect(series);

        Assert.Equal([30, 60], changes.Select(c => c.Index));
        Assert.True(changes[0].Shift < -0.05 && changes[1].Shift > 0.05);
    }

    [Fact]
    public void Too_short_a_series_has_nothing_to_split()
    {
        var detector = new EDivisive();
        Assert.Empty(detector.Detect(Series(1, 2 * detector.MinSegment - 1, 0.01, i => i > 4 ? 2 : 1)));
        Assert.Equal(-1, detector.BestSplit(new double[3]).Index);
    }

    [Fact]
    public void The_same_series_gives_the_same_answer()
    {
        var series = Series(9, 50, 0.02, i => i >= 25 ? 1.04 : 1);
        Assert.Equal(new EDivisive().Detect(series), new EDivisive().Detect(series));
    }
}
