using Xunit;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Thresholds;
using Bench.Tests.Load.Support;

namespace Bench.Tests.LoadGen;

[Collection(LoadCollection.Name)]
public sealed class ThresholdExitCodeTests
{
    private static Threshold Parse(string expression)
    {
        Assert.True(ThresholdParser.TryParse(expression, out var t, out string error), error);
        return t!;
    }

    [Fact]
    public async Task Thresholds_that_hold_exit_0_and_one_that_fails_exits_1()
    {
        await using var server = await TestServer.StartAsync();
        var model = new ConstantRate { Rate = 200, Duration = TimeSpan.FromSeconds(1), Vus = 5 };

        var passing = await Runs.RunAsync(server.Url("/hello"), model, thresholds: [Parse("p99<5s"), Parse("errors<1%"), Parse("rate>50")]);
        var failing = await Runs.RunAsync(server.Url("/hello"), model, thresholds: [Parse("p99<5s"), Parse("rate>5000")]);

        Assert.True(passing.ExitCode == ExitCodes.Pass, string.Join("; ", passing.Thresholds.Select(t => $"{t.Expression}={t.Actual}{t.Unit} {t.Passed}")));
        Assert.Equal(ExitCodes.ThresholdsFailed, failing.ExitCode);
        Assert.Equal([true, false], failing.Thresholds.Select(t => t.Passed));
    }

    [Fact]
    public void An_invalid_run_exits_3_even_when_thresholds_pass()
    {
        var invalid = new Validity(false, ["dropped"], 0, 1, 0, 0, 5, 0);
        var pass = new ThresholdResult("p99<1s", 1, "ms", true);

        Assert.Equal(ExitCodes.Invalid, ExitCodes.Decide(invalid, [pass]));
    }
}
