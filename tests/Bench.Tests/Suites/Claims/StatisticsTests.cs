using Xunit;
using Bench.Suites.Claims.Statistics;

namespace Bench.Tests.Suites.Claims;

/// <summary>The intervals the claims rules decide with, on numbers whose answer is known.</summary>
public sealed class StatisticsTests
{
    [Theory]
    [InlineData(3, 3, 0.90, 1)]   // P(U = 0) = 1/20: min … max pairwise ratio is a 90 % interval
    [InlineData(2, 3, 0.90, 0)]   // P(U = 0) = 1/10: no 90 % interval exists
    [InlineData(2, 3, 0.80, 1)]
    [InlineData(5, 5, 0.90, 5)]   // the textbook table: k = 5 for n = m = 5 at 90 %
    public void The_mann_whitney_rank_gives_the_widest_interval_that_keeps_the_confidence(int n, int m, double confidence, int k)
    {
        Assert.Equal(k, RatioInterval.Rank(n, m, confidence));
    }

    [Fact]
    public void Three_repeats_a_side_give_the_median_pairwise_ratio_between_the_smallest_and_largest()
    {
        var i = RatioInterval.Of([200, 220, 210], [100, 105, 110]);

        Assert.Equal(2.0, i.Estimate, 0.01);
        Assert.Equal(200 / 110.0, i.Low!.Value, 1e-9);
        Assert.Equal(220 / 100.0, i.High!.Value, 1e-9);
        Assert.Equal(Decision.Yes, i.AtLeast(1.5));
        Assert.Equal(Decision.Inconclusive, i.AtLeast(2.0));
        Assert.Equal(Decision.No, i.AtLeast(2.5));
    }

    [Fact]
    public void A_side_that_served_nothing_has_a_ratio_of_zero_with_a_zero_width_interval()
    {
        var starved = RatioInterval.Of([0, 0, 0], [24_000, 22_000, 25_000]);
        var partly = RatioInterval.Of([0, 0, 3_000], [24_000, 22_000, 25_000]);

        Assert.Equal(0, starved.Estimate);
        Assert.Equal(0, starved.Low);
        Assert.Equal(0, starved.High);
        Assert.Equal(Decision.Yes, starved.AtMost(0.2));
        Assert.Equal(0, partly.Estimate);
        Assert.Equal(3_000 / 22_000.0, partly.High!.Value, 1e-9);
        Assert.Equal(Decision.Yes, partly.AtMost(0.2));
    }

    [Fact]
    public void Nothing_below_is_no_ratio()
    {
        var i = RatioInterval.Of([100, 110, 120], [0, 0, 0]);

        Assert.False(i.Formed);
        Assert.True(double.IsNaN(i.Estimate));
    }

    [Fact]
    public void Two_repeats_on_one_side_form_no_ninety_percent_interval_and_decide_nothing()
    {
        var i = RatioInterval.Of([200, 220], [100, 105, 110]);

        Assert.False(i.Formed);
        Assert.Equal(Decision.Inconclusive, i.AtLeast(1.1));
    }

    [Fact]
    public void A_noise_free_line_has_its_exact_slope_and_a_zero_width_interval()
    {
        var fit = SlopeFit.Of([(16, 1000 + 16 * 12.0), (128, 1000 + 128 * 12.0), (512, 1000 + 512 * 12.0), (16, 1000 + 16 * 12.0)])!;

        Assert.Equal(12, fit.Slope, 1e-9);
        Assert.Equal(1000, fit.Intercept, 1e-6);
        var interval = fit.Interval();
        Assert.Equal(12, interval.Low!.Value, 1e-6);
        Assert.Equal(12, interval.High!.Value, 1e-6);
    }

    [Fact]
    public void The_difference_of_two_noisy_slopes_has_a_welch_interval_around_it()
    {
        var a = SlopeFit.Of([(10, 100), (10, 110), (100, 1000), (100, 1020), (500, 5010), (500, 4990)])!;
        var b = SlopeFit.Of([(10, 50), (10, 60), (100, 500), (100, 530), (500, 2510), (500, 2490)])!;

        var d = a.Difference(b);

        Assert.InRange(d.Estimate, 4.9, 5.1);
        Assert.True(d.Low < d.Estimate && d.High > d.Estimate);
        Assert.Equal(Decision.Yes, d.AtLeast(4));
    }

    [Fact]
    public void One_level_of_x_is_no_slope()
    {
        Assert.Null(SlopeFit.Of([(10, 1), (10, 2), (10, 3)]));
    }
}
