using System.Text.Json;
using Bench.Compare;
using Bench.Compare.Model;
using Bench.Load.Results;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary>The acceptance cases of the gate, on synthetic results files read through the real loader.</summary>
public sealed class GateTests
{
    [Fact]
    public void A_A_over_8_interleaved_trials_is_never_a_regression()
    {
        using var files = new ResultFiles();
        var rate = Samples.Normal(20_000, 0.05, 16, 21);
        var p99 = Samples.Normal(900, 0.08, 16, 22);
        var (b, h) = files.Interleaved("wsgi /hello c8",
            i => ResultFiles.Run(rate[2 * i], 300, p99[2 * i], at: ResultFiles.Minute(2 * i)),
            i => ResultFiles.Run(rate[2 * i + 1], 300, p99[2 * i + 1], at: ResultFiles.Minute(2 * i + 1)), 8);
        var report = Comparer.Compare(b, h);
        Assert.True(report.SameJob, report.SameJobReason);
        Assert.NotEqual(Outcome.Regression, report.Outcome);
        Assert.All(report.Rows.Where(r => r.Tier == Tier.Timing), r => Assert.Contains(r.Verdict, new[] { Verdict.Same, Verdict.Inconclusive }));
    }

    [Fact]
    public void A_slowed_head_is_a_regression_on_latency_and_throughput()
    {
        using var files = new ResultFiles();
        var (b, h) = files.Interleaved("wsgi /hello c8",
            i => ResultFiles.Run(20_000 + 100 * (i % 3), 300 + i, 900 + 10 * (i % 4), at: ResultFiles.Minute(2 * i)),
            i => ResultFiles.Run(3_500 + 50 * (i % 3), 2_300 + i, 3_100 + 10 * (i % 4), at: ResultFiles.Minute(2 * i + 1)), 8);
        var report = Comparer.Compare(b, h);
        Assert.Equal(Outcome.Regression, report.Outcome);
        Assert.Equal(1, report.ExitCode);
        foreach (var metric in new[] { MetricIds.Throughput, MetricIds.P50, MetricIds.P99 })
            Assert.Equal(Verdict.Slower, report.Rows.Single(r => r.Metric.Id == metric).Verdict);
    }

    [Fact]
    public void Errors_fail_tier_0_even_when_the_head_is_faster()
    {
        using var files = new ResultFiles();
        var (b, h) = files.Interleaved("asgi /hello c8",
            i => ResultFiles.Run(20_000 + 10 * i, 300, 900, at: ResultFiles.Minute(2 * i)),
            i => ResultFiles.Run(30_000 + 10 * i, 200, 600, failed: i == 3 ? 5 : 0, at: ResultFiles.Minute(2 * i + 1)), 8);
        var report = Comparer.Compare(b, h);
        Assert.Equal(Verdict.Faster, report.Rows.Single(r => r.Metric.Id == MetricIds.Throughput).Verdict);
        var errors = report.Rows.Single(r => r.Metric.Id == MetricIds.Errors);
        Assert.Equal(Verdict.Fail, errors.Verdict);
        Assert.Equal(Outcome.Regression, report.Outcome);
    }

    [Theory]
    [InlineData(0, 3, Verdict.Fail)]
    [InlineData(8, 9, Verdict.Fail)]
    [InlineData(8, 8, Verdict.Same)]   // every WebSocket refused with 426 by WSGI, on both sides: by design
    [InlineData(4, 0, Verdict.Faster)]
    public void Correctness_counts_may_not_appear_or_grow(long baseFailed, long headFailed, Verdict expected)
    {
        using var files = new ResultFiles();
        string b = files.Write(files.Dir("base"), "run.json", ResultFiles.Run(100, 300, 900, failed: baseFailed));
        string h = files.Write(files.Dir("head"), "run.json", ResultFiles.Run(100, 300, 900, failed: headFailed));
        Assert.Equal(expected, Comparer.Compare(b, h).Rows.Single(r => r.Metric.Id == MetricIds.Errors).Verdict);
    }

    [Fact]
    public void Lost_sse_events_fail_tier_0()
    {
        using var files = new ResultFiles();
        string b = files.Dir("base"), h = files.Dir("head");
        files.Write(b, "run.json", ResultFiles.Run(100, 300, 900, stream: new StreamResult { Kind = "sse", Counters = new Dictionary<string, long> { ["events"] = 1000, ["gaps"] = 0 } }));
        files.Write(h, "run.json", ResultFiles.Run(120, 250, 800, stream: new StreamResult { Kind = "sse", Counters = new Dictionary<string, long> { ["events"] = 997, ["gaps"] = 3 } }));
        var report = Comparer.Compare(b, h);
        Assert.Equal(Verdict.Fail, report.Rows.Single(r => r.Metric.Id == "sse.gaps").Verdict);
        Assert.Equal(Outcome.Regression, report.Outcome);
    }

    [Fact]
    public void An_added_allocation_on_a_zero_allocation_path_is_caught()
    {
        using var files = new ResultFiles();
        string b = files.Write(files.Dir("base"), "Micro-report-full.json", ResultFiles.Bdn(("Bench.Micro.WriteChunk", 0), ("Bench.Micro.ParseSmallHead", 360)));
        string h = files.Write(files.Dir("head"), "Micro-report-full.json", ResultFiles.Bdn(("Bench.Micro.WriteChunk", 24), ("Bench.Micro.ParseSmallHead", 360)));
        var report = Comparer.Compare(b, h);
        var row = report.Rows.Single(r => r.Cell == "Bench.Micro.WriteChunk" && r.Metric.Id == MetricIds.AllocatedPerOp);
        Assert.Equal(Verdict.Slower, row.Verdict);
        Assert.Equal(Verdict.Same, report.Rows.Single(r => r.Cell == "Bench.Micro.ParseSmallHead" && r.Metric.Id == MetricIds.AllocatedPerOp).Verdict);
        Assert.Equal(Outcome.Regression, report.Outcome);
    }

    [Fact]
    public void A_benchmark_missing_from_the_head_is_inconclusive_not_a_pass()
    {
        using var files = new ResultFiles();
        string b = files.Write(files.Dir("base"), "m-report-full.json", ResultFiles.Bdn(("A", 48), ("B", 0)));
        string h = files.Write(files.Dir("head"), "m-report-full.json", ResultFiles.Bdn(("A", 48)));
        var report = Comparer.Compare(b, h);
        Assert.Equal(Verdict.Inconclusive, report.Rows.Single(r => r.Cell == "B" && r.Metric.Id == MetricIds.AllocatedPerOp).Verdict);
        Assert.Equal(Outcome.Inconclusive, report.Outcome);
    }

    [Theory]
    [InlineData(1848, 1880, Verdict.Same)]   // +32 B is 1.7%: under 5%
    [InlineData(200, 224, Verdict.Slower)]   // +24 B is 12%: one more small object
    [InlineData(360, 300, Verdict.Faster)]
    [InlineData(0, 4, Verdict.Same)]         // below the 8 B floor: rounding, not an object
    public void Allocation_changes_must_exceed_5_percent_and_8_bytes(double baseBytes, double headBytes, Verdict expected)
    {
        using var files = new ResultFiles();
        string b = files.Write(files.Dir("base"), "a-report-full.json", ResultFiles.Bdn(("X", baseBytes)));
        string h = files.Write(files.Dir("head"), "a-report-full.json", ResultFiles.Bdn(("X", headBytes)));
        Assert.Equal(expected, Comparer.Compare(b, h).Rows.Single(r => r.Metric.Id == MetricIds.AllocatedPerOp).Verdict);
    }

    [Fact]
    public void Timings_from_separate_runs_are_trend_only()
    {
        using var files = new ResultFiles();
        string b = files.Write(files.Dir("base"), "run.json", ResultFiles.Run(20_000, 300, 900, at: ResultFiles.Minute(0)));
        string h = files.Write(files.Dir("head"), "run.json", ResultFiles.Run(5_000, 3000, 9000, at: ResultFiles.Minute(60 * 24)));
        var report = Comparer.Compare(b, h);
        Assert.False(report.SameJob);
        Assert.All(report.Rows.Where(r => r.Tier == Tier.Timing), r => Assert.Equal(Verdict.Trend, r.Verdict));
        Assert.Equal(Outcome.Pass, report.Outcome); // errors stayed 0; timing is information
    }

    [Fact]
    public void Too_few_trials_in_one_job_is_inconclusive_timing_a_warning_unless_strict()
    {
        using var files = new ResultFiles();
        var (b, h) = files.Interleaved("wsgi /hello c8",
            i => ResultFiles.Run(20_000, 300, 900, at: ResultFiles.Minute(2 * i)),
            i => ResultFiles.Run(20_000, 300, 900, at: ResultFiles.Minute(2 * i + 1)), 4);

        var report = Comparer.Compare(b, h);
        Assert.All(report.Rows.Where(r => r.Tier == Tier.Timing && r.Gated), r => Assert.Equal(Verdict.Inconclusive, r.Verdict));
        Assert.Equal(Outcome.Pass, report.Outcome);
        Assert.Equal(3, report.TimingWarnings);
        Assert.Contains("inconclusive", Bench.Compare.Rendering.RowText.Banner(report));

        var strict = Comparer.Compare(b, h, new GateOptions { Strict = true });
        Assert.Equal(Outcome.Inconclusive, strict.Outcome);
        Assert.Equal(3, strict.ExitCode);
        Assert.Equal(0, strict.TimingWarnings);
    }

    [Fact]
    public void Suite_repeats_form_one_sample_and_a_failed_cell_fails_tier_0()
    {
        using var files = new ResultFiles();
        JsonElement Suite(string status2) => ResultFiles.Suite(
            ("smoke/wsgi/hello/c10/1", "completed", ResultFiles.Run(1000, 300, 900), 40),
            ("smoke/wsgi/hello/c10/2", "completed", ResultFiles.Run(1010, 300, 900), 40),
            ("smoke/asgi/hello/c10/1", status2, null, null));
        string b = files.Write(files.Dir("base"), "results.json", Suite("completed"));
        string h = files.Write(files.Dir("head"), "results.json", Suite("failed"));
        var report = Comparer.Compare(b, h);
        Assert.Equal(2, report.Rows.Single(r => r.Cell == "smoke/wsgi/hello/c10" && r.Metric.Id == MetricIds.Throughput).Head!.N);
        Assert.Equal(Verdict.Fail, report.Rows.Single(r => r.Cell == "smoke/asgi/hello/c10" && r.Metric.Id == MetricIds.CellFailed).Verdict);
    }
}
