namespace Kosmo.Features;

/// <summary>
/// Features per stock-day: dates × codes × K, stored code-major and feature-innermost, so that the
/// value of feature <c>k</c> for stock <c>i</c> on date index <c>t</c> sits at <c>(i * T + t) * K + k</c>
/// and one stock's window of L days is one contiguous run of L × K floats (what the lazy dataset copies).
/// Missing values are NaN. Dates and codes are those of the <see cref="Kosmo.Core.Panel"/> it came from.
/// <para>
/// A <b>sparse</b> cube (built with a stored-cell mask) keeps only the (stock, date) rows an experiment can read, e.g.
/// the windows of universe members: the stored rows are packed in the mask's code-major order (row r is the r-th
/// true cell of the mask), so the value of feature
/// <c>k</c> sits at <c>Offset(i, t) + k</c> with <c>Offset</c> looked up per row, and a window is still one contiguous
/// run when all its L rows are stored (<see cref="HasWindow"/>). Rows that are not stored read as NaN through
/// <see cref="Get"/>; <see cref="Offset"/>, <see cref="Set"/> and <see cref="Window"/> refuse them. Code that walks
/// every (i, t) through <see cref="Offset"/> (the cross-sectional transforms, the fit of the processors, the summary)
/// needs a dense cube (<see cref="IsDense"/>).
/// </para>
/// </summary>
public sealed class FeatureCube
{
    // Sparse cubes only: stored row of cell (i * T + t), or -1.
    private readonly int[]? _rowOf;

    /// <summary>Creates an all-NaN cube.</summary>
    /// <exception cref="ArgumentException">Duplicate feature names.</exception>
    public FeatureCube(DateOnly[] dates, string[] codes, string[] names)
        : this(dates, codes, names, DenseMap(dates, codes))
    {
    }

    /// <summary>Creates an all-NaN sparse cube that stores only the rows (stock i, date t) where <paramref name="stored"/> is true.</summary>
    /// <param name="dates">Trading dates (T).</param>
    /// <param name="codes">Codes (N).</param>
    /// <param name="names">Feature names (K).</param>
    /// <param name="stored">Which rows to keep, length N × T, index <c>i * T + t</c> (the panel's layout).</param>
    /// <exception cref="ArgumentException">Duplicate feature names, or <paramref name="stored"/> is not N × T long.</exception>
    public FeatureCube(DateOnly[] dates, string[] codes, string[] names, bool[] stored)
        : this(dates, codes, names, RowMap(dates, codes, stored))
    {
    }

    private FeatureCube(DateOnly[] dates, string[] codes, string[] names, (int[]? RowOf, long Rows) map)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new ArgumentException("Feature names must be unique.", nameof(names));
        }

        Dates = dates;
        Codes = codes;
        Names = names;
        _rowOf = map.RowOf;
        StoredRows = map.Rows;
        Values = new float[map.Rows * names.Length];
        Array.Fill(Values, float.NaN);
    }

    /// <summary>Trading dates (T).</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Codes (N).</summary>
    public string[] Codes { get; }

    /// <summary>Feature names (K).</summary>
    public string[] Names { get; }

    /// <summary>Values: dense, length T × N × K, index <c>(i * T + t) * K + k</c>; sparse, length StoredRows × K, index <c>Offset(i, t) + k</c>.</summary>
    public float[] Values { get; }

    /// <summary>True when every (stock, date) row is stored (the classic layout).</summary>
    public bool IsDense => _rowOf is null;

    /// <summary>Number of stored (stock, date) rows: T × N when dense.</summary>
    public long StoredRows { get; }

    /// <summary>Whether the row of stock i on date t is stored (always, for in-range cells of a dense cube).</summary>
    public bool Contains(int codeIndex, int t) =>
        (uint)codeIndex < (uint)Codes.Length && (uint)t < (uint)Dates.Length && (_rowOf is null || _rowOf[(codeIndex * Dates.Length) + t] >= 0);

    /// <summary>Whether the whole L-day window of stock i ending at date t (rows t-L+1..t) is in range and stored.</summary>
    public bool HasWindow(int codeIndex, int t, int lookback)
    {
        var first = t - lookback + 1;
        if (lookback < 1 || first < 0 || !Contains(codeIndex, t) || !Contains(codeIndex, first))
        {
            return false;
        }

        // Rows are numbered consecutively over stored cells, so the window is complete iff no row between is missing.
        var row = (codeIndex * Dates.Length) + t;
        return _rowOf is null || _rowOf[row] - _rowOf[row - lookback + 1] == lookback - 1;
    }

    /// <summary>Number of features K.</summary>
    public int FeatureCount => Names.Length;

    /// <summary>Index of a feature name, or -1.</summary>
    public int IndexOf(string name) => Array.IndexOf(Names, name);

    /// <summary>Flat offset of (stock i, date t, feature 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Sparse cube: the row is not stored.</exception>
    public long Offset(int codeIndex, int t)
    {
        if (_rowOf is null)
        {
            return ((long)codeIndex * Dates.Length + t) * Names.Length;
        }

        var row = Contains(codeIndex, t) ? _rowOf[(codeIndex * Dates.Length) + t] : -1;
        return row >= 0
            ? (long)row * Names.Length
            : throw new ArgumentOutOfRangeException(nameof(t), $"The row of stock {codeIndex} on date index {t} is not stored in this sparse cube.");
    }

    /// <summary>Value of feature k for stock i on date t (NaN when a sparse cube does not store the row).</summary>
    public float Get(int codeIndex, int t, int k) => _rowOf is null || Contains(codeIndex, t) ? Values[Offset(codeIndex, t) + k] : float.NaN;

    /// <summary>Sets the value of feature k for stock i on date t.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Sparse cube: the row is not stored.</exception>
    public void Set(int codeIndex, int t, int k, float value) => Values[Offset(codeIndex, t) + k] = value;

    /// <summary>The L × K window of stock i ending at date t (inclusive): rows t-L+1..t.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window starts before the first date, or a sparse cube does not store all its rows.</exception>
    public ReadOnlySpan<float> Window(int codeIndex, int t, int lookback)
    {
        if (t - lookback + 1 < 0 || t >= Dates.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(t), $"A {lookback}-day window ending at index {t} does not fit in {Dates.Length} dates.");
        }

        if (_rowOf is not null && !HasWindow(codeIndex, t, lookback))
        {
            throw new ArgumentOutOfRangeException(nameof(t), $"The {lookback}-day window of stock {codeIndex} ending at date index {t} is not stored in this sparse cube.");
        }

        return Values.AsSpan(checked((int)Offset(codeIndex, t - lookback + 1)), lookback * Names.Length);
    }

    /// <summary>The row map of a dense cube: no lookup, every one of the T × N rows stored.</summary>
    private static (int[]? RowOf, long Rows) DenseMap(DateOnly[] dates, string[] codes)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(codes);
        return (null, (long)dates.Length * codes.Length);
    }

    private static (int[]? RowOf, long Rows) RowMap(DateOnly[] dates, string[] codes, bool[] stored)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.LongLength != (long)dates.Length * codes.Length)
        {
            throw new ArgumentException($"The stored-row mask must have N × T = {(long)dates.Length * codes.Length} cells, got {stored.LongLength}.", nameof(stored));
        }

        var rowOf = new int[stored.Length];
        var rows = 0;
        for (var c = 0; c < stored.Length; c++)
        {
            rowOf[c] = stored[c] ? rows++ : -1;
        }

        return (rowOf, rows);
    }
}
