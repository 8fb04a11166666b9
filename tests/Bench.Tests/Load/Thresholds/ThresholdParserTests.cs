using Xunit;
using Bench.Load.Thresholds;

namespace Bench.Tests.Load.Thresholds;

public sealed class ThresholdParserTests
{
    [Theory]
    [InlineData("p99<200ms", "latency", "p99", 200_000)]
    [InlineData("p(99.9) <= 1s", "latency", "p99.9", 1_000_000)]
    [InlineData("ttfb.p95<50", "ttfb", "p95", 50_000)]
    [InlineData("errors<1%", "latency", "errors", 0.01)]
    [InlineData("errors<0.05", "latency", "errors", 0.05)]
    [InlineData("rate>5000", "latency", "rate", 5000)]
    [InlineData("avg<300us", "latency", "mean", 300)]
    public void Parses_k6_style_expressions_into_canonical_units(string text, string source, string metric, double limit)
    {
        Assert.True(ThresholdParser.TryParse(text, out var t, out string error), error);
        Assert.Equal(source, t!.Source);
        Assert.Equal(metric, t.Metric);
        Assert.Equal(limit, t.Limit, 6);
    }

    [Theory]
    [InlineData("p99~200")]
    [InlineData("rate>5ms")]
    [InlineData("errors<5")]
    [InlineData("p0<1ms")]
    [InlineData("ttfb.errors<1%")]
    public void Rejects_what_it_cannot_evaluate(string text)
    {
        Assert.False(ThresholdParser.TryParse(text, out _, out string error));
        Assert.Contains(text, error);
    }
}
