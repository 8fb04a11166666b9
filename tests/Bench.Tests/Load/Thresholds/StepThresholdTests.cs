using Bench.Load.Thresholds;
using Xunit;

namespace Bench.Tests.Load.Thresholds;

public sealed class StepThresholdTests
{
    [Theory]
    [InlineData("step[GET /users/1].p99<50ms", "GET /users/1", "p99", 50_000)]
    [InlineData("step[login].p(95) <= 2s", "login", "p95", 2_000_000)]
    [InlineData("step[upload].errors<1%", "upload", "errors", 0.01)]
    [InlineData("step[upload].requests==200", "upload", "requests", 200)]
    [InlineData("step[a.b].max<1ms", "a.b", "max", 1000)]
    public void A_step_rule_is_the_plain_grammar_on_one_named_step(string expression, string step, string metric, double limit)
    {
        Assert.True(ThresholdParser.TryParse(expression, out var t, out string error), error);
        Assert.True(t!.IsStep);
        Assert.False(t.IsStream);
        Assert.Equal(step, t.StepName);
        Assert.Equal(metric, t.Metric);
        Assert.Equal(limit, t.Limit, 6);
    }

    [Theory]
    [InlineData("step[login].dropped==0", "a step has")]
    [InlineData("step[login].ttfb.p99<1ms", "a step has")]
    [InlineData("step[login].sse.gaps==0", "after step[login]. comes a plain rule")]
    [InlineData("step[login].p99 < soon", "is not a threshold")]
    public void A_bad_step_rule_says_what_a_step_takes(string expression, string message)
    {
        Assert.False(ThresholdParser.TryParse(expression, out _, out string error));
        Assert.Contains(message, error);
        Assert.StartsWith($"'{expression}'", error);
    }
}
