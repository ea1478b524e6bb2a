namespace Kosmo.Data.Marcap;

/// <summary>The marcap file layouts seen so far (which columns, in which order).</summary>
public enum MarcapSchema
{
    /// <summary>1995–2020 files: Code, Name, Close, Changes, ChagesRatio, Volume, Amount, Open, High, Low, Marcap, MarcapRatio,
    /// Stocks, ForeignShares, ForeignRatio, Rank, Date (no Market, MarketId, Dept or ChangeCode).</summary>
    Legacy,

    /// <summary>2021–2025 files: Code, Name, Market, Dept, Close, ChangeCode, Changes, ChagesRatio, Open, High, Low, Volume,
    /// Amount, Marcap, Stocks, MarketId, Rank, Date.</summary>
    Current,

    /// <summary>2026 files: as <see cref="Current"/> plus ChangesRatio after ChagesRatio; ChagesRatio is left empty.</summary>
    Y2026,
}
