using System.Globalization;

namespace Kosmo.Reports.Charts;

/// <summary>Series palette and colour ramps (diverging for returns, sequential for counts).</summary>
internal static class Colors
{
    /// <summary>Strategy colours (strong) first; benchmarks use <see cref="Benchmark"/>.</summary>
    public static readonly string[] Series = ["#2563eb", "#e4572e", "#17a398", "#9b5de5", "#f4a261", "#3a86ff", "#8ac926", "#ff006e"];

    /// <summary>Muted colours for benchmark series (drawn dashed).</summary>
    public static readonly string[] Benchmark = ["#6b7280", "#a16207", "#0f766e", "#7c3aed", "#be185d"];

    private const int NegR = 0xd7, NegG = 0x30, NegB = 0x27;
    private const int PosR = 0x1a, PosG = 0x98, PosB = 0x50;

    public static string SeriesColor(int i) => Series[i % Series.Length];

    public static string BenchmarkColor(int i) => Benchmark[i % Benchmark.Length];

    /// <summary>
    /// Diverging colour for a value: white at 0, full red (#d73027) at −limit or below, full green (#1a9850) at
    /// +limit or above, linear in between. NaN gives light grey (#eeeeee).
    /// </summary>
    public static string Diverging(double value, double limit)
    {
        if (!double.IsFinite(value))
        {
            return "#eeeeee";
        }

        var t = limit > 0 ? Math.Clamp(value / limit, -1, 1) : Math.Sign(value);
        return t < 0 ? Mix(255, 255, 255, NegR, NegG, NegB, -t) : Mix(255, 255, 255, PosR, PosG, PosB, t);
    }

    /// <summary>Sequential colour from white (t = 0) to deep blue #1d4ed8 (t = 1); t is clamped.</summary>
    public static string Sequential(double t) =>
        Mix(255, 255, 255, 0x1d, 0x4e, 0xd8, double.IsFinite(t) ? Math.Clamp(t, 0, 1) : 0);

    /// <summary>Black or white text, whichever reads better on the given #rrggbb background.</summary>
    public static string TextOn(string hex)
    {
        var r = int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var g = int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var b = int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#111827" : "#ffffff";
    }

    private static string Mix(int r0, int g0, int b0, int r1, int g1, int b1, double t)
    {
        int C(int a, int b) => (int)Math.Round(a + (b - a) * t, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"#{C(r0, r1):x2}{C(g0, g1):x2}{C(b0, b1):x2}");
    }
}
