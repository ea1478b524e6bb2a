namespace Kosmo.Features;

/// <summary>
/// Features per stock-day: dates × codes × K, stored code-major and feature-innermost, so that the
/// value of feature <c>k</c> for stock <c>i</c> on date index <c>t</c> sits at <c>(i * T + t) * K + k</c>
/// and one stock's window of L days is one contiguous run of L × K floats (what the lazy dataset copies).
/// Missing values are NaN. Dates and codes are those of the <see cref="Kosmo.Core.Panel"/> it came from.
/// </summary>
public sealed class FeatureCube
{
    /// <summary>Creates an all-NaN cube.</summary>
    /// <exception cref="ArgumentException">Duplicate feature names.</exception>
    public FeatureCube(DateOnly[] dates, string[] codes, string[] names)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new ArgumentException("Feature names must be unique.", nameof(names));
        }

        Dates = dates;
        Codes = codes;
        Names = names;
        Values = new float[(long)dates.Length * codes.Length * names.Length];
        Array.Fill(Values, float.NaN);
    }

    /// <summary>Trading dates (T).</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Codes (N).</summary>
    public string[] Codes { get; }

    /// <summary>Feature names (K).</summary>
    public string[] Names { get; }

    /// <summary>Values, length T × N × K, index <c>(i * T + t) * K + k</c>.</summary>
    public float[] Values { get; }

    /// <summary>Number of features K.</summary>
    public int FeatureCount => Names.Length;

    /// <summary>Index of a feature name, or -1.</summary>
    public int IndexOf(string name) => Array.IndexOf(Names, name);

    /// <summary>Flat offset of (stock i, date t, feature 0).</summary>
    public long Offset(int codeIndex, int t) => ((long)codeIndex * Dates.Length + t) * Names.Length;

    /// <summary>Value of feature k for stock i on date t.</summary>
    public float Get(int codeIndex, int t, int k) => Values[Offset(codeIndex, t) + k];

    /// <summary>Sets the value of feature k for stock i on date t.</summary>
    public void Set(int codeIndex, int t, int k, float value) => Values[Offset(codeIndex, t) + k] = value;

    /// <summary>The L × K window of stock i ending at date t (inclusive): rows t-L+1..t.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window starts before the first date.</exception>
    public ReadOnlySpan<float> Window(int codeIndex, int t, int lookback)
    {
        if (t - lookback + 1 < 0 || t >= Dates.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(t), $"A {lookback}-day window ending at index {t} does not fit in {Dates.Length} dates.");
        }

        return Values.AsSpan(checked((int)Offset(codeIndex, t - lookback + 1)), lookback * Names.Length);
    }
}
