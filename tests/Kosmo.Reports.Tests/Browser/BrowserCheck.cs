namespace Kosmo.Reports.Tests.Browser;

/// <summary>What a headless browser saw on the report page.</summary>
/// <param name="Driver">"playwright" or "chromium-cli" (the fallback).</param>
/// <param name="ConsoleErrors">console.error messages and uncaught page errors.</param>
/// <param name="ExternalRequests">Requests to anything other than file: or data: URLs.</param>
/// <param name="Boxes">Bounding box (width, height) in CSS pixels of every svg.chart, by id.</param>
/// <param name="Screenshot">A PNG of the page (full page with Playwright).</param>
/// <param name="EquityScreenshot">A PNG of the equity chart alone, or null in the fallback.</param>
/// <param name="Tooltip">The tooltip text after hovering the equity chart, or null in the fallback.</param>
internal sealed record BrowserCheck(
    string Driver,
    IReadOnlyList<string> ConsoleErrors,
    IReadOnlyList<string> ExternalRequests,
    IReadOnlyDictionary<string, (double Width, double Height)> Boxes,
    byte[] Screenshot,
    byte[]? EquityScreenshot,
    string? Tooltip);
