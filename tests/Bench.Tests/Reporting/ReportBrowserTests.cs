using Bench.Tests.LoadGen;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Bench.Tests.Reporting;

[Collection(LoadCollection.Name)]
public sealed class ReportBrowserTests(RealRunReport report, ITestOutputHelper output) : IClassFixture<RealRunReport>
{
    [Fact]
    public async Task Report_from_a_real_run_opens_offline_with_sized_charts_and_a_verdict_per_claim()
    {
        Assert.True(File.Exists(PlaywrightSession.Chromium), $"{PlaywrightSession.Chromium} missing: run scripts/install-deps.sh test");
        var (playwright, browser) = await PlaywrightSession.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        var consoleErrors = new List<string>();
        var requests = new List<string>();
        bool dialog = false;
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add($"{m.Type}: {m.Text}"); };
        page.PageError += (_, e) => consoleErrors.Add($"page error: {e}");
        page.Dialog += (_, d) => { dialog = true; _ = d.DismissAsync(); };
        // Record and answer every request; anything but the report file itself is a failure.
        await page.RouteAsync("**/*", async route =>
        {
            requests.Add(route.Request.Url);
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal)) await route.ContinueAsync();
            else await route.AbortAsync();
        });

        string url = new Uri(report.Output.IndexPath).AbsoluteUri;
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        Assert.Empty(consoleErrors);
        Assert.Equal([url], requests);
        Assert.False(dialog);

        var sizes = await page.EvalOnSelectorAllAsync<double[][]>("svg.chart", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })");
        Assert.Equal(report.Output.Charts, sizes.Length);
        Assert.All(sizes, s => Assert.True(s[0] > 0 && s[1] > 0, $"chart of size {s[0]}x{s[1]}"));

        var rows = await page.EvalOnSelectorAllAsync<string[]>("table.claims tbody tr", "rows => rows.map(r => r.querySelector('td.verdict .badge')?.textContent ?? '')");
        Assert.Equal(report.Run.Claims.Select(c => c.Verdict), rows);

        // The hostile error text and suite echo arrive as text: no script element, nothing ran.
        Assert.Equal(0, await page.EvalOnSelectorAllAsync<int>("script, img", "els => els.length"));
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Contains(RealRunReport.Hostile, await page.InnerTextAsync("body"));

        string shot = Path.Combine(report.Dir, "report.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = false });
        output.WriteLine($"screenshot: {shot}; {sizes.Length} charts; report generated in {report.Output.Elapsed.TotalSeconds:0.00} s");
    }
}
