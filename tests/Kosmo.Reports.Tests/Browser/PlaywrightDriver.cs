using Microsoft.Playwright;

namespace Kosmo.Reports.Tests.Browser;

/// <summary>Opens the report in Debian's Chromium through Playwright (no browser download: ExecutablePath is given).</summary>
internal static class PlaywrightDriver
{
    public static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <exception cref="PlaywrightException">The driver or the browser cannot start.</exception>
    public static async Task<BrowserCheck> RunAsync(string chromium, string htmlPath)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true, Args = ChromiumArgs, Timeout = 20_000,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
        var errors = new List<string>();
        var external = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add("page error: " + e);
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith("file:", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                external.Add(r.Url);
            }
        };

        await page.GotoAsync(new Uri(htmlPath).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 15_000 });
        var boxes = await page.EvaluateAsync<Dictionary<string, double[]>>(
            "() => Object.fromEntries([...document.querySelectorAll('svg.chart')].map(s => { const r = s.getBoundingClientRect(); return [s.id, [r.width, r.height]]; }))");
        var equity = page.Locator("#chart-equity");
        await equity.ScrollIntoViewIfNeededAsync();
        await page.Locator("#chart-equity .hover rect").Nth(80).HoverAsync();
        var tooltip = await page.Locator("#tip").InnerTextAsync();
        await page.Mouse.MoveAsync(0, 0);
        var equityShot = await equity.ScreenshotAsync();
        var shot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        return new BrowserCheck("playwright", errors, external, boxes.ToDictionary(b => b.Key, b => (b.Value[0], b.Value[1])), shot, equityShot, tooltip);
    }
}
