using System.Globalization;
using Kosmo.Testing;

namespace Kosmo.Data.Tests.Adjustment;

/// <summary>
/// Reads tests/fixtures/panel/*_corporate_actions.csv (written by tools/scan_marcap_splits.py from the real marcap,
/// pykrx and FDR files): per (code, year) window, the raw closes with their reported change and the back-adjusted closes.
/// </summary>
internal static class MarcapFixture
{
    public static string MarcapFile => TestData.Fixture("panel", "marcap_corporate_actions.csv");

    public static string PykrxFile => TestData.Fixture("panel", "pykrx_corporate_actions.csv");

    public static string FdrFile => TestData.Fixture("panel", "fdr_corporate_actions.csv");

    /// <summary>Marcap windows: (code, year) → rows in date order (date, close, change as a fraction, volume).</summary>
    public static Dictionary<(string Code, int Year), List<(DateOnly Date, double Close, double Change, double Volume)>> Marcap()
    {
        var windows = new Dictionary<(string, int), List<(DateOnly, double, double, double)>>();
        var lines = File.ReadAllLines(MarcapFile);
        var h = lines[0].Split(',');
        foreach (var line in lines.Skip(1))
        {
            var c = line.Split(',');
            var date = DateOnly.Parse(c[Array.IndexOf(h, "Date")], CultureInfo.InvariantCulture);
            var key = (c[Array.IndexOf(h, "Code")], date.Year);
            if (!windows.TryGetValue(key, out var list))
            {
                windows[key] = list = [];
            }

            list.Add((date, P(c[Array.IndexOf(h, "Close")]), P(c[Array.IndexOf(h, "ChagesRatio")]) / 100, P(c[Array.IndexOf(h, "Volume")])));
        }

        foreach (var list in windows.Values)
        {
            list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        }

        return windows;
    }

    /// <summary>Back-adjusted closes of a pykrx/FDR fixture: (code, date) → close.</summary>
    public static Dictionary<(string Code, DateOnly Date), double> Adjusted(string file) =>
        File.ReadAllLines(file).Skip(1).Select(l => l.Split(','))
            .ToDictionary(c => (c[0], DateOnly.Parse(c[1], CultureInfo.InvariantCulture)), c => P(c[5]));

    /// <summary>Events found by the Python scan: (code, date) → factor.</summary>
    public static Dictionary<(string Code, DateOnly Date), double> Events() =>
        File.ReadAllLines(TestData.Fixture("panel", "marcap_corporate_action_events.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(c => (c[1], DateOnly.Parse(c[0], CultureInfo.InvariantCulture)), c => P(c[5]));

    private static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
