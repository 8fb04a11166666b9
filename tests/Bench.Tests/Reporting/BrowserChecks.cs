using Microsoft.Playwright;
using Xunit;

namespace Bench.Tests.Reporting;

/// <summary>
/// Opens a page in chromium and checks what the issues ask of every report page (the suite report,
/// compare.html): no console errors, no request but the file itself, every chart SVG with a size,
/// nothing executed from the data; then the page's own checks (a verdict per claim, say). Saves a
/// screenshot beside the report (a test artifact).
/// </summary>
internal static class BrowserChecks
{
    /// <summary>The suite report: the common checks and a verdict badge per claim, in order.</summary>
    public static Task<int> AssertOpensCleanAsync(string indexPath, IReadOnlyList<string> expectedVerdicts, string screenshotPath) =>
        AssertOpensCleanAsync(indexPath, screenshotPath, async page =>
        {
            var verdicts = await page.EvalOnSelectorAllAsync<string[]>("table.claims tbody tr", "rows => rows.map(r => r.querySelector('td.verdict .badge')?.textContent ?? '')");
            Assert.Equal(expectedVerdicts, verdicts);
            Assert.All(verdicts, v => Assert.False(string.IsNullOrWhiteSpace(v)));
        });

    /// <summary>The common checks, then <paramref name="pageChecks"/> on the loaded page; returns the number of charts.</summary>
    public static async Task<int> AssertOpensCleanAsync(string indexPath, string screenshotPath, Func<IPage, Task> pageChecks)
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

        string url = new Uri(indexPath).AbsoluteUri;
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        Assert.Empty(consoleErrors);
        Assert.Equal([url], requests);
        Assert.False(dialog);

        var sizes = await page.EvalOnSelectorAllAsync<double[][]>("svg.chart", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })");
        Assert.NotEmpty(sizes);
        Assert.All(sizes, s => Assert.True(s[0] > 0 && s[1] > 0, $"chart of size {s[0]}x{s[1]}"));

        await pageChecks(page);

        // Nothing from the data became markup: no script or image element, nothing ran.
        Assert.Equal(0, await page.EvalOnSelectorAllAsync<int>("script, img", "els => els.length"));
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshotPath, FullPage = false });
        return sizes.Length;
    }
}
