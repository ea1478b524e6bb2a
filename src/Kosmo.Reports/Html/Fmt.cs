using System.Globalization;

namespace Kosmo.Reports.Html;

/// <summary>Number formatting for people: percentages, ratios, KRW with thousands separators. Null/NaN → "–".</summary>
internal static class Fmt
{
    private static readonly CultureInfo _inv = CultureInfo.InvariantCulture;

    public const string Missing = "–";

    /// <summary>0.1234 → "12.34%" (decimals configurable); −0.05 → "−5.00%".</summary>
    public static string Pct(double? v, int decimals = 2) =>
        v is { } x && double.IsFinite(x) ? Minus((x * 100).ToString("F" + decimals, _inv)) + "%" : Missing;

    /// <summary>A plain ratio with fixed decimals: 1.2345 → "1.23".</summary>
    public static string Num(double? v, int decimals = 2) =>
        v is { } x && double.IsFinite(x) ? Minus(x.ToString("F" + decimals, _inv)) : Missing;

    /// <summary>KRW with thousands separators and no decimals: 1234567.8 → "₩1,234,568".</summary>
    public static string Krw(double? v) =>
        v is { } x && double.IsFinite(x) ? Sign(x) + "₩" + Math.Round(Math.Abs(x), MidpointRounding.AwayFromZero).ToString("#,##0", _inv) : Missing;

    /// <summary>Compact KRW for axis labels: 1e8 → "₩100M", 5e9 → "₩5B", 2e12 → "₩2T".</summary>
    public static string KrwShort(double v)
    {
        var a = Math.Abs(v);
        var (div, suffix) = a >= 1e12 ? (1e12, "T") : a >= 1e9 ? (1e9, "B") : a >= 1e6 ? (1e6, "M") : a >= 1e3 ? (1e3, "K") : (1, "");
        return Sign(v) + "₩" + (a / div).ToString("0.##", _inv) + suffix;
    }

    /// <summary>An integer count with thousands separators.</summary>
    public static string Count(double? v) =>
        v is { } x && double.IsFinite(x) ? Minus(Math.Round(x).ToString("#,##0", _inv)) : Missing;

    /// <summary>A compact axis label for a plain number (no trailing zeros).</summary>
    public static string Axis(double v) => Minus(v.ToString("0.###", _inv));

    /// <summary>An axis label for a fraction as a percentage (no trailing zeros): 0.25 → "25%".</summary>
    public static string AxisPct(double v) => Minus((v * 100).ToString("0.#", _inv)) + "%";

    private static string Sign(double v) => v < 0 && Math.Round(Math.Abs(v)) > 0 ? "−" : string.Empty;

    private static string Minus(string s) => s.StartsWith('-') ? "−" + s[1..] : s;
}
