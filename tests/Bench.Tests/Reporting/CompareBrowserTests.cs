using System.Globalization;
using Bench.Compare.Ab;
using Bench.Compare.History;
using Bench.LoadGen.Cli;
using Bench.Tests.Compare;
using Bench.Tests.Load.Support;
using Microsoft.Playwright;
using Xunit;

namespace Bench.Tests.Reporting;

/// <summary>
/// compare.html as a user gets it: real interleaved A/A trials of the ASGI twin (two bench-server
/// processes of one build over loopback), a history with a change point, <c>loadgen compare
/// --html</c>, and the page in chromium. Three trials per side are too few for the timing tier to
/// judge, so the same run also shows what an inconclusive timing tier does without and with
/// --strict. (Not the 2 ms hook on the head: its timers add server threads, which the resources
/// tier rightly fails, and the point here is timing alone.)
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class CompareBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bench-compare-page-").FullName;

    [Fact]
    public async Task Compare_page_of_real_trials_opens_offline_with_the_verdicts_first_and_sized_charts()
    {
        string ab = Path.Combine(_dir, "ab");
        using var checkout = new BuiltCheckout(_dir);
        string log = await checkout.RunAbAsync(ab, new AbCell("asgi", "/hello", 4), trials: 3);

        string history = Path.Combine(_dir, "history.jsonl");
        HistoryFile.Append(history, SteppedHistory("asgi /hello c4", "throughput"));
        string html = Path.Combine(_dir, "compare.html");
        var (exit, text) = await RunAsync("compare", Path.Combine(ab, "base"), Path.Combine(ab, "head"), "-o", Path.Combine(_dir, "compare.md"), "--html", html, "--history", history, "--commit", "head");
        // Inconclusive timing alone (3 trials < 8) passes with a visible warning...
        Assert.True(exit == 0, $"compare exit {exit}\n{text}\n{log}");
        Assert.Contains("timing metric(s) inconclusive (a warning, not a failure)", text);
        Assert.Contains("Warning", File.ReadAllText(Path.Combine(_dir, "compare.md")), StringComparison.OrdinalIgnoreCase);
        // ... and fails with --strict.
        var (strictExit, strictText) = await RunAsync("compare", Path.Combine(ab, "base"), Path.Combine(ab, "head"), "-o", Path.Combine(_dir, "strict.md"), "--html", Path.Combine(_dir, "strict.html"), "--strict");
        Assert.True(strictExit == 3, $"compare --strict exit {strictExit}\n{strictText}");

        string shot = Path.Combine(AppContext.BaseDirectory, "report-artifacts", "compare.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        int charts = await BrowserChecks.AssertOpensCleanAsync(html, shot, async page =>
        {
            // The verdict first: the banner, then the tiers, then the gated rows, each with a verdict badge.
            var order = await page.EvalOnSelectorAllAsync<string[]>("main > *", "els => els.map(e => e.tagName.toLowerCase() + '.' + e.className)");
            Assert.Equal(["h1.", "p.banner o-pass", "p.warning"], order.Take(3));
            Assert.StartsWith("PASS", await page.InnerTextAsync("p.banner"));
            var badges = await page.EvalOnSelectorAllAsync<string[]>("table.verdicts tbody tr", "rows => rows.map(r => r.querySelector('td.verdict .badge')?.textContent ?? '')");
            Assert.NotEmpty(badges);
            Assert.All(badges, b => Assert.False(string.IsNullOrWhiteSpace(b)));
            Assert.Contains("inconclusive", badges);
            // Per cell: base and head spectra and throughput, both sides measured.
            Assert.Equal(2, await page.EvalOnSelectorAllAsync<int>("figure[id^='fig-spectrum-'][data-measured='yes'], figure[id^='fig-throughput-'][data-measured='yes']", "els => els.length"));
            // The history's step is a change point in the table and on its trend chart.
            Assert.Contains("c30", await page.InnerTextAsync("table.changes"));
        });
        Assert.True(charts >= 3, $"{charts} charts");
        output.WriteLine($"{charts} charts; screenshot {shot}\n{text}");
    }

    /// <summary>36 commits of a metric with 1 % noise and a 10 % drop at commit 30; the real head is appended after them.</summary>
    private static IEnumerable<HistoryRow> SteppedHistory(string cell, string metric)
    {
        var random = new Random(18);
        for (int i = 0; i < 36; i++)
            yield return new HistoryRow
            {
                Commit = string.Create(CultureInfo.InvariantCulture, $"c{i:00}"),
                Time = DateTimeOffset.UnixEpoch.AddHours(i),
                Cell = cell,
                Metric = metric,
                Value = (i >= 30 ? 9_000 : 10_000) * (1 + 0.01 * (random.NextDouble() - 0.5)),
                N = 8,
            };
    }

    private static async Task<(int, string)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await LoadGenCli.RunAsync(args, stdout, stderr);
        return (code, stdout + stderr.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
