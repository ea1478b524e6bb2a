using Kosmo.Testing;

namespace Kosmo.Reports.Tests.Browser;

/// <summary>
/// A fact that needs headless Chromium (<see cref="ChromiumPath"/>): skipped with a message when no browser is
/// installed on a user's machine, run (and so failed) when CI=true.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (ChromiumPath is null && !TestData.IsCi)
        {
            Skip = "No Chromium found (/usr/bin/chromium, /usr/bin/chromium-browser or KOSMO_CHROMIUM); browser test skipped outside CI.";
        }
    }

    /// <summary>KOSMO_CHROMIUM, else the first Debian/Ubuntu Chromium binary that exists, else null.</summary>
    public static string? ChromiumPath
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("KOSMO_CHROMIUM");
            string[] candidates = string.IsNullOrEmpty(env) ? ["/usr/bin/chromium", "/usr/bin/chromium-browser"] : [env];
            return candidates.FirstOrDefault(File.Exists);
        }
    }
}
