using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kosmo.Reports.Tests.Browser;

/// <summary>
/// The fallback when the Playwright driver cannot start: plain `chromium --headless` runs. A probe copy of the page
/// records console errors, uncaught errors and every chart's bounding box into the DOM, which --dump-dom prints;
/// --screenshot takes a tall window-sized screenshot.
/// </summary>
internal static partial class ChromiumCliDriver
{
    private const string Probe = """
<script>window.__errs=[];window.addEventListener('error',function(e){window.__errs.push('page error: '+e.message);});
(function(){var o=console.error;console.error=function(){window.__errs.push(Array.prototype.join.call(arguments,' '));o.apply(console,arguments);};})();
window.addEventListener('load',function(){var b={};document.querySelectorAll('svg.chart').forEach(function(s){var r=s.getBoundingClientRect();b[s.id]=[r.width,r.height];});
var p=document.createElement('pre');p.id='__probe';p.textContent=JSON.stringify({errors:window.__errs,boxes:b});document.body.appendChild(p);});</script>
""";

    public static BrowserCheck Run(string chromium, string htmlPath)
    {
        var dir = Path.GetDirectoryName(htmlPath)!;
        var probe = Path.Combine(dir, "probe.html");
        File.WriteAllText(probe, File.ReadAllText(htmlPath).Replace("<head>", "<head>" + Probe, StringComparison.Ordinal));
        var uri = new Uri(probe).AbsoluteUri;
        var common = string.Join(' ', PlaywrightDriver.ChromiumArgs) + " --hide-scrollbars --window-size=1300,6500 --user-data-dir=" + Path.Combine(dir, "profile");
        var (dom, log) = Exec(chromium, $"{common} --enable-logging=stderr --v=0 --virtual-time-budget=3000 --dump-dom {uri}");
        var shotPath = Path.Combine(dir, "cli-shot.png");
        Exec(chromium, $"{common} --screenshot={shotPath} {uri}");

        var m = ProbeRegex().Match(dom);
        if (!m.Success)
        {
            throw new InvalidOperationException("chromium --dump-dom printed no probe result; stderr:\n" + log);
        }

        using var json = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));
        var errors = json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? string.Empty)
            .Concat(log.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) && l.Contains("Uncaught", StringComparison.Ordinal))).ToList();
        var boxes = json.RootElement.GetProperty("boxes").EnumerateObject()
            .ToDictionary(p => p.Name, p => (p.Value[0].GetDouble(), p.Value[1].GetDouble()));
        return new BrowserCheck("chromium-cli", errors, [], boxes, File.ReadAllBytes(shotPath), null, null);
    }

    private static (string Stdout, string Stderr) Exec(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {args} did not finish in 30 s");
        }

        return (stdout.Result, stderr.Result);
    }

    [GeneratedRegex("<pre id=\"__probe\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ProbeRegex();
}
