using Bench.Compare;
using Bench.Compare.Ab;
using Bench.Compare.Model;
using Bench.Tests.Load.Support;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary>
/// The timing tier end to end: 8 interleaved trials per side of the WSGI twin (real bench-server
/// processes over loopback), the head with the test-only 2 ms sleep per request
/// (BENCH_ARTIFICIAL_DELAY_MS=2, what <c>ci-perf.sh --slow-head 2</c> sets), must be called slower
/// on throughput and p50. A blocked thread is WSGI's own kind of wait, so the head's thread count
/// stays the base's and only timing moves.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class SlowHeadTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bench-slow-head-").FullName;

    [Fact]
    public async Task A_2ms_sleep_in_the_head_is_flagged_by_the_timing_tier()
    {
        using var checkout = new BuiltCheckout(_dir);
        string ab = Path.Combine(_dir, "ab");
        string log = await checkout.RunAbAsync(ab, new AbCell("wsgi", "/hello", 4), trials: 8,
            new Dictionary<string, string> { [Bench.Servers.App.ArtificialDelay.Variable] = "2" });

        var report = Comparer.Compare(Path.Combine(ab, "base"), Path.Combine(ab, "head"), new GateOptions { SameJob = true });
        string rows = string.Join("\n", report.Rows.Select(r => $"{r.Tier} {r.Cell} {r.Metric.Id}: {r.Base?.Median:0.###} -> {r.Head?.Median:0.###} {r.Verdict} {r.Note}"));
        output.WriteLine(rows);
        Assert.True(report.Outcome == Outcome.Regression, $"{report.Outcome}\n{rows}\n{log}");
        foreach (var metric in new[] { MetricIds.Throughput, MetricIds.P50 })
        {
            var row = report.Rows.Single(r => r.Metric.Id == metric);
            Assert.True(row.Verdict == Verdict.Slower && row.IsRegression, $"{metric}: {row.Verdict} ({row.Note})\n{rows}");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
