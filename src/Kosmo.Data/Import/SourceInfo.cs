namespace Kosmo.Data.Import;

/// <summary>A row of the <c>sources</c> table.</summary>
/// <param name="Name">marcap | pykrx | fdr | yahoo | synthetic | csv.</param>
/// <param name="PriceBasis">raw | back_adjusted | yahoo_mixed | synthetic.</param>
/// <param name="Precedence">Higher wins when sources overlap on (code, date).</param>
public sealed record SourceInfo(string Name, string PriceBasis, int Precedence)
{
    /// <summary>marcap: raw KRX prices, precedence 40.</summary>
    public static SourceInfo Marcap { get; } = new("marcap", "raw", 40);

    /// <summary>pykrx: back-adjusted, precedence 30.</summary>
    public static SourceInfo Pykrx { get; } = new("pykrx", "back_adjusted", 30);

    /// <summary>FinanceDataReader: back-adjusted, precedence 20.</summary>
    public static SourceInfo Fdr { get; } = new("fdr", "back_adjusted", 20);

    /// <summary>Yahoo: O/H/L adjusted, close raw, adj_close consistent; precedence 10.</summary>
    public static SourceInfo Yahoo { get; } = new("yahoo", "yahoo_mixed", 10);

    /// <summary>The synthetic market generator, precedence 50.</summary>
    public static SourceInfo Synthetic { get; } = new("synthetic", "synthetic", 50);

    /// <summary>Generic per-stock OHLCV (Korean header, other), treated as raw; precedence 5.</summary>
    public static SourceInfo Csv { get; } = new("csv", "raw", 5);

    /// <summary>All fixed sources, in the order they are seeded into a new database.</summary>
    public static IReadOnlyList<SourceInfo> All { get; } = [Marcap, Pykrx, Fdr, Yahoo, Synthetic, Csv];
}
