using Microsoft.Playwright;

namespace Bench.Tests.Reporting;

/// <summary>
/// Debian's chromium driven by Playwright. Playwright's own browser download is impossible here,
/// so the executable path is given; the flags keep chromium from phoning home, which would show
/// up as network requests the test forbids.
/// </summary>
internal static class PlaywrightSession
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }
}
