using Kosmo.Reports.Tests.Html;
using Kosmo.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Kosmo.Reports.Tests.Browser;

/// <summary>
/// Renders the fixture run's report in headless Chromium and checks that the charts are really drawn. Uses Playwright
/// with Debian's Chromium; when the Playwright driver cannot start, falls back to the chromium CLI (and says so).
/// The screenshot is kept at $TMPDIR/kosmo-report-browser/report.png for a person to look at.
/// </summary>
public sealed class ReportBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-report-browser-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [BrowserFact]
    public async Task Report_Should_DrawEveryChartWithoutConsoleErrors_When_OpenedInHeadlessChromium()
    {
        // Given the fixture run's report written to a temp folder
        var chromium = BrowserFactAttribute.ChromiumPath
            ?? throw new InvalidOperationException("CI=true but no Chromium was found (/usr/bin/chromium); .ci/run installs Debian's chromium when it runs as root.");
        var report = HtmlReport.Write(TestData.Fixture("report", "run"), Path.Combine(_dir, "report.html")).OutputPath;

        // When a headless browser opens it
        BrowserCheck check;
        try
        {
            check = await PlaywrightDriver.RunAsync(chromium, report);
        }
        catch (PlaywrightException e)
        {
            output.WriteLine($"Playwright could not start ({e.Message.Split('\n')[0]}); falling back to the chromium CLI.");
            check = ChromiumCliDriver.Run(chromium, report);
        }

        output.WriteLine($"driver: {check.Driver}");
        var keep = Path.Combine(Path.GetTempPath(), "kosmo-report-browser");
        Directory.CreateDirectory(keep);
        await File.WriteAllBytesAsync(Path.Combine(keep, "report.png"), check.Screenshot);
        output.WriteLine($"screenshot: {Path.Combine(keep, "report.png")}");

        // Then there are no console errors and no network requests
        check.ConsoleErrors.Should().BeEmpty();
        check.ExternalRequests.Should().BeEmpty();

        // And every expected chart is laid out with a real size
        check.Boxes.Keys.Should().BeEquivalentTo(HtmlReportTests.FixtureCharts);
        foreach (var (id, (w, h)) in check.Boxes)
        {
            w.Should().BeGreaterThan(100, id);
            h.Should().BeGreaterThan(50, id);
        }

        // And the page screenshot is not blank: many colours and a good share of non-background pixels
        var page = PngImage.Decode(check.Screenshot);
        var distinct = page.Pixels.Distinct().Count();
        var inked = page.Pixels.Count(p => p != 0xffffff && p != 0xf4f6fa) / (double)page.Pixels.Length;
        output.WriteLine($"page {page.Width}×{page.Height}: {distinct} distinct colours, {inked:P1} non-background pixels");
        distinct.Should().BeGreaterThan(200);
        inked.Should().BeGreaterThan(0.05);
        page.CountNear(0x1a9850, 6).Should().BeGreaterThan(500, "the monthly heat maps have full-green cells");
        page.CountNear(0xd73027, 6).Should().BeGreaterThan(500, "the monthly heat maps have full-red cells");

        if (check.EquityScreenshot is not null)
        {
            // And the equity chart itself shows the first strategy's blue line; hovering it shows a dated tooltip
            var equity = PngImage.Decode(check.EquityScreenshot);
            equity.CountNear(0x2563eb, 40).Should().BeGreaterThan(800);
            check.Tooltip.Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}\ntft_long_short: ×\d");
        }
    }
}
