using Microsoft.Playwright;
using Xunit;
using Bench.Tests.Load.Support;

namespace Bench.Tests.Reporting;

[Collection(LoadCollection.Name)]
public sealed class ReportBrowserTests(RealRunReport report, ITestOutputHelper output) : IClassFixture<RealRunReport>
{
    [Fact]
    public async Task Report_from_a_real_run_opens_offline_with_sized_charts_and_a_verdict_per_claim()
    {
        string shot = Path.Combine(report.Dir, "report.png");
        int charts = await BrowserChecks.AssertOpensCleanAsync(report.Output.IndexPath, report.Run.Claims.Select(c => c.Verdict).ToList(), shot);

        Assert.Equal(report.Output.Charts, charts);
        // The hostile error text and suite echo arrive as text.
        var (playwright, browser) = await PlaywrightSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(report.Output.IndexPath).AbsoluteUri);
        Assert.Contains(RealRunReport.Hostile, await page.InnerTextAsync("body"));
        output.WriteLine($"screenshot: {shot}; {charts} charts; report generated in {report.Output.Elapsed.TotalSeconds:0.00} s");
    }
}
