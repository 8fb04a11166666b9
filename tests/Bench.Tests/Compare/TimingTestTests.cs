using Bench.Compare.Model;
using Bench.Compare.Statistics;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary>The timing decision on synthetic trials on each side of the 10% threshold.</summary>
public sealed class TimingTestTests
{
    private static readonly GateOptions Options = new();
    private static readonly MetricCatalog Catalog = new(Options);
    private static readonly MetricDefinition P99 = Catalog.Get(MetricIds.P99);
    private static readonly MetricDefinition P50 = Catalog.Get(MetricIds.P50);
    private static readonly MetricDefinition Throughput = Catalog.Get(MetricIds.Throughput);

    private static Verdict Decide(MetricDefinition metric, double[] b, double[] h) =>
        TimingTest.Decide(b, h, metric, Options.Alpha, Options.EquivalenceAlpha).Verdict;

    [Fact]
    public void Identical_code_with_little_noise_is_the_same()
    {
        Assert.Equal(Verdict.Same, Decide(P99, Samples.Normal(5000, 0.02, 8, 1), Samples.Normal(5000, 0.02, 8, 2)));
    }

    [Fact]
    public void Identical_code_is_never_called_slower_or_faster_over_300_noisy_A_A_runs()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var verdict = Decide(P99, Samples.Normal(5000, 0.10, 8, seed), Samples.Normal(5000, 0.10, 8, seed + 1000));
            Assert.True(verdict is Verdict.Same or Verdict.Inconclusive, $"seed {seed}: {verdict}");
        }
    }

    [Fact]
    public void Latency_25_percent_higher_is_slower()
    {
        Assert.Equal(Verdict.Slower, Decide(P99, Samples.Normal(5000, 0.03, 8, 3), Samples.Normal(6250, 0.03, 8, 4)));
    }

    [Fact]
    public void Latency_5_percent_higher_with_low_noise_is_within_the_threshold()
    {
        Assert.Equal(Verdict.Same, Decide(P99, Samples.Normal(5000, 0.01, 8, 5), Samples.Normal(5250, 0.01, 8, 6)));
    }

    [Fact]
    public void Latency_15_percent_higher_with_low_noise_is_beyond_the_threshold()
    {
        Assert.Equal(Verdict.Slower, Decide(P99, Samples.Normal(5000, 0.01, 8, 7), Samples.Normal(5750, 0.01, 8, 8)));
    }

    [Fact]
    public void Latency_30_percent_lower_is_faster()
    {
        Assert.Equal(Verdict.Faster, Decide(P99, Samples.Normal(5000, 0.03, 8, 9), Samples.Normal(3500, 0.03, 8, 10)));
    }

    [Fact]
    public void Throughput_30_percent_lower_is_slower_and_higher_is_faster()
    {
        var b = Samples.Normal(20_000, 0.03, 8, 11);
        Assert.Equal(Verdict.Slower, Decide(Throughput, b, Samples.Normal(14_000, 0.03, 8, 12)));
        Assert.Equal(Verdict.Faster, Decide(Throughput, b, Samples.Normal(26_000, 0.03, 8, 13)));
    }

    [Fact]
    public void A_large_relative_change_below_the_absolute_floor_is_not_slower()
    {
        // +20% of a 60 µs p50 is 12 µs, under the 50 µs floor: timer jitter, not a regression.
        var verdict = Decide(P50, Samples.Normal(60, 0.01, 8, 14), Samples.Normal(72, 0.01, 8, 15));
        Assert.NotEqual(Verdict.Slower, verdict);
    }

    [Fact]
    public void Heavy_noise_hides_a_real_change_as_inconclusive_not_same()
    {
        var verdict = Decide(P99, Samples.Normal(5000, 0.40, 8, 16), Samples.Normal(6000, 0.40, 8, 17));
        Assert.Equal(Verdict.Inconclusive, verdict);
    }
}
