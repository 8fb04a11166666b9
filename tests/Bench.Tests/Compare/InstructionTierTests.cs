using Bench.Compare;
using Bench.Compare.Model;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary>The instruction tier on files in the shape <c>Bench.Micro instructions</c> writes: the threshold, the floor, allocations beside it.</summary>
public sealed class InstructionTierTests
{
    public static object Counts(params (string Name, double Instructions, double Bytes)[] operations) => new
    {
        tool = "bench-instructions",
        schemaVersion = 1,
        host = "ci-host",
        n = 100,
        rounds = 5,
        calibration = new { spinInstructionsPerIteration = 3.0 },
        operations = operations.Select(o => new { name = o.Name, instructionsPerOp = o.Instructions, allocatedBytesPerOp = o.Bytes }).ToArray(),
    };

    /// <summary>One operation with the spreads its counting run reported (relative for instructions, bytes per operation for allocations).</summary>
    public static object CountsWithSpread(string name, double instructions, double instructionNoise, double bytes, double bytesNoise) => new
    {
        tool = "bench-instructions",
        schemaVersion = 1,
        host = "ci-host",
        n = 100,
        rounds = 6,
        operations = new[] { new { name, instructionsPerOp = instructions, noise = instructionNoise, allocatedBytesPerOp = bytes, allocatedBytesNoise = bytesNoise } },
    };

    private static ComparisonReport Compare(ResultFiles files, object @base, object head) =>
        Comparer.Compare(files.Write(files.Dir("base"), "instructions.json", @base), files.Write(files.Dir("head"), "instructions.json", head));

    [Fact]
    public void The_same_counts_within_noise_pass()
    {
        using var files = new ResultFiles();
        var report = Compare(files, Counts(("asgi GET /hello", 46_697, 560), ("micro RequestParsing.ParseSmallHead", 5_745, 0)),
            Counts(("asgi GET /hello", 46_697 * 1.004, 560), ("micro RequestParsing.ParseSmallHead", 5_745 * 0.997, 0)));

        Assert.Equal(Outcome.Pass, report.Outcome);
        var rows = report.Rows.Where(r => r.Tier == Tier.Instructions && r.Metric.Id != MetricIds.InstructionNoise).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(Verdict.Same, rows.Single(r => r.Cell.StartsWith("micro ", StringComparison.Ordinal)).Verdict);
        Assert.Equal(Verdict.Trend, rows.Single(r => r.Cell == "asgi GET /hello").Verdict);
    }

    [Fact]
    public void Two_percent_more_instructions_on_the_gated_request_path_is_a_regression_of_the_instruction_tier()
    {
        using var files = new ResultFiles();
        var report = Compare(files, Counts(("micro AsgiDispatch.DispatchHello", 14_808, 1_816)), Counts(("micro AsgiDispatch.DispatchHello", 14_808 * 1.02, 1_816)));

        Assert.Equal(Outcome.Regression, report.Outcome);
        var row = report.Rows.Single(r => r.Metric.Id == MetricIds.InstructionsPerOp);
        Assert.Equal(Tier.Instructions, row.Tier);
        Assert.Equal(Verdict.Slower, row.Verdict);
        Assert.Equal(Verdict.Same, report.Rows.Single(r => r.Metric.Id == MetricIds.AllocatedPerOp).Verdict);
    }

    [Theory]
    [InlineData("all")]
    [InlineData(null)]      // a file from before "threads" was written: read by the operation's name
    public void A_request_path_counted_over_loopback_is_shown_not_gated(string? threads)
    {
        using var files = new ResultFiles();
        object Counted(double instructions) => new
        {
            tool = "bench-instructions",
            schemaVersion = 1,
            host = "ci-host",
            operations = new object[] { threads is null
                ? new { name = "asgi GET /users/1?wait_ms=0", instructionsPerOp = instructions, allocatedBytesPerOp = 3_856.0 }
                : new { name = "asgi GET /users/1?wait_ms=0", instructionsPerOp = instructions, allocatedBytesPerOp = 3_856.0, threads } },
        };
        // +15 %: what one build's counts of this path differed by on the loaded 2-core machine.
        var report = Compare(files, Counted(52_124), Counted(52_124 * 1.15));

        Assert.Equal(Outcome.Pass, report.Outcome);
        var row = report.Rows.Single(r => r.Metric.Id == MetricIds.InstructionsPerOpAllThreads);
        Assert.Equal((Tier.Instructions, Verdict.Trend, false), (row.Tier, row.Verdict, row.Gated));
    }

    [Fact]
    public void A_change_below_the_floor_on_a_tiny_operation_is_not_a_regression()
    {
        using var files = new ResultFiles();
        // +10 % of 160 instructions is 16, under the 20-instruction floor.
        var report = Compare(files, Counts(("micro Histogram.RecordLatency", 160, 0)), Counts(("micro Histogram.RecordLatency", 176, 0)));
        Assert.Equal(Verdict.Same, report.Rows.Single(r => r.Metric.Id == MetricIds.InstructionsPerOp).Verdict);
    }

    [Fact]
    public void A_new_allocation_on_a_request_path_fails_the_resources_tier_not_the_instruction_tier()
    {
        using var files = new ResultFiles();
        var report = Compare(files, Counts(("asgi SSE event", 7_000, 0)), Counts(("asgi SSE event", 7_000, 64)));
        Assert.Equal(Verdict.Trend, report.Rows.Single(r => r.Metric.Id == MetricIds.InstructionsPerOpAllThreads).Verdict);
        var bytes = report.Rows.Single(r => r.Metric.Id == MetricIds.AllocatedPerOp);
        Assert.Equal((Tier.Resources, Verdict.Slower), (bytes.Tier, bytes.Verdict));
    }

    [Fact]
    public void An_operation_missing_from_the_head_is_inconclusive_even_without_strict()
    {
        using var files = new ResultFiles();
        var report = Compare(files, Counts(("asgi WS echo", 21_000, 0), ("asgi GET /json", 49_000, 700)), Counts(("asgi GET /json", 49_000, 700)));
        Assert.Equal(Outcome.Inconclusive, report.Outcome);
    }

    [Theory]
    [InlineData(430, 0, Verdict.Same)]      // 70 B/op less, within 2 x the 40 B spread the run reported
    [InlineData(570, 0, Verdict.Same)]      // 70 B/op more: likewise
    [InlineData(600, 0, Verdict.Slower)]    // 100 B/op more: beyond 2 x 40 B and 5 %
    [InlineData(530, 1, Verdict.Slower)]    // 30 B/op more on a path that repeats exactly (the gate's own 5 % and 8 B)
    public void Allocations_of_a_path_that_wanders_are_judged_against_twice_its_reported_spread(double headBytes, int exact, Verdict expected)
    {
        using var files = new ResultFiles();
        double spread = exact == 1 ? 0 : 40;
        var report = Compare(files, CountsWithSpread("wsgi WS echo", 19_000, 0.02, 500, spread), CountsWithSpread("wsgi WS echo", 19_000, 0.02, headBytes, spread));
        var row = report.Rows.Single(r => r.Metric.Id == MetricIds.AllocatedPerOp);
        Assert.True(row.Verdict == expected, $"{row.Verdict}: {row.Note}");
        Assert.Equal(Verdict.Trend, report.Rows.Single(r => r.Metric.Id == MetricIds.AllocationNoise).Verdict);
    }
}
