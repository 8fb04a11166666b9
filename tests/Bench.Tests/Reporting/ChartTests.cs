using Bench.Reporting.Charts;
using Bench.Reporting.Model;
using Xunit;

namespace Bench.Tests.Reporting;

public sealed class ChartTests
{
    [Fact]
    public void A_chart_without_data_says_not_measured_instead_of_breaking()
    {
        var cells = new[] { new ReportCell { Id = "a", Target = "wsgi", Scenario = "hello", Connections = 10, Status = "failed" } };

        var charts = new[]
        {
            ThroughputChart.Render("t", cells), LatencyVsConcurrencyChart.Render("l", cells), PercentileSpectrumChart.Render("p", cells),
            CapacityCurveChart.Render("c", cells), TimeSeriesChart.Render("s", null), CollateralDamageChart.Render("d", cells),
            StatusCodesChart.Render("x", cells), ServerOverTimeChart.Render("r", cells, ServerMetric.Rss),
        }.Concat(SsePanel.Render("sse", cells)).Concat(WebSocketPanel.Render("ws", cells));

        Assert.All(charts, c =>
        {
            Assert.False(c.HasData);
            Assert.Contains("not measured in this run", c.Svg);
            Assert.NotEmpty(c.RenderPng());
        });
    }

    [Fact]
    public void Inlined_charts_get_their_own_clip_path_ids()
    {
        var cell = new ReportCell { Id = "a", Target = "asgi", Scenario = "hello", Connections = 10, Result = SyntheticResults.Run("asgi", 10, 1000, 1) };
        var one = PercentileSpectrumChart.Render("one", [cell]);
        var two = PercentileSpectrumChart.Render("two", [cell]);

        var idsOne = System.Text.RegularExpressions.Regex.Matches(one.Svg, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(idsOne);
        Assert.All(idsOne, id => Assert.StartsWith("one-", id));
        Assert.DoesNotContain("<?xml", one.Svg);
        Assert.Contains("viewBox=", one.Svg);
        Assert.Empty(idsOne.Intersect(System.Text.RegularExpressions.Regex.Matches(two.Svg, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value)));
    }

    [Fact]
    public void The_spectrum_x_axis_is_one_over_one_minus_p_in_decades()
    {
        var h = Bench.Load.Metrics.LatencyRecorder.NewHistogram();
        for (int i = 1; i <= 100_000; i++) h.RecordValue(i);
        var (xs, ys) = PercentileSpectrumChart.Spectrum(h);

        // x = log10(1/(1-p)): p = 99 % sits at 2; latency there is the 99th percentile value.
        int at99 = Array.FindIndex(xs, x => x >= 2 - 1e-9);
        Assert.InRange(ys[at99] * 1000, 98_500, 99_500);
        Assert.True(xs.Zip(xs.Skip(1)).All(p => p.Second >= p.First));
        Assert.True(xs[^1] >= 3, $"spectrum ends at 10^{xs[^1]:0.0}");
    }

    [Fact]
    public void The_capacity_knee_is_the_last_rate_the_target_kept_up_with()
    {
        var latency = new CellSeries.Line("asgi", [100, 200, 400, 800], [1, 1.2, 1.5, 40]);
        var achieved = new CellSeries.Line("asgi", [100, 200, 400, 800], [100, 200, 400, 600]);

        Assert.Equal(2, CapacityCurveChart.Knee(latency, achieved));
        Assert.Null(CapacityCurveChart.Knee(new CellSeries.Line("flat", [100, 200], [1, 1.1]), null));
    }
}
