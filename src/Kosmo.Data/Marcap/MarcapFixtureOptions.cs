namespace Kosmo.Data.Marcap;

/// <summary>How <see cref="MarcapFixtureWriter"/> shapes a file, including the deliberate defects tests need.</summary>
public sealed record MarcapFixtureOptions
{
    /// <summary>Columns and their order.</summary>
    public MarcapSchema Schema { get; init; } = MarcapSchema.Current;

    /// <summary>CSV: numbers written as floats (19100.0, as pandas writes them) instead of integers (19100).</summary>
    public bool FloatNumbers { get; init; } = true;

    /// <summary>Parquet: Date as text (2024-01-02) instead of a timestamp.</summary>
    public bool DateAsText { get; init; }

    /// <summary>Parquet: whole numbers (prices, volume, amount, marcap, stocks, rank) as double instead of int64.</summary>
    public bool DoubleNumbers { get; init; }

    /// <summary>Empty Dept written as 'nan' (pandas' way) instead of an empty field or null.</summary>
    public bool NanDept { get; init; }

    /// <summary>Extra columns appended (name; every row gets the text 'x'), e.g. an unknown column a reader must accept.</summary>
    public IReadOnlyList<string> ExtraColumns { get; init; } = [];

    /// <summary>Columns left out, e.g. a required one a reader must reject.</summary>
    public IReadOnlyList<string> OmitColumns { get; init; } = [];

    /// <summary>Parquet: rows per row group.</summary>
    public int RowGroupRows { get; init; } = 100_000;
}
