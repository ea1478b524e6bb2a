using Kosmo.Core;

namespace Kosmo.Data.Import;

/// <summary>One validated stock-day row on its way to the store. Missing numbers are NaN.</summary>
internal struct ParsedBar
{
    public string Code;
    public int Date;
    public double Open, High, Low, Close, AdjClose, Volume, Amount, Marcap, Shares, ChangeRatio;
    public BarFlags Flags;
    public string? Dept;

    /// <summary>That day's market from the row's Market / MarketId column; <see cref="Market.Unknown"/> when the file has none (stored NULL).</summary>
    public Market Market;

    /// <summary>1-based line of the row in its file (for errors raised after parsing, e.g. by the writer).</summary>
    public long Line;
}

/// <summary>One validated index row. Missing numbers are NaN.</summary>
internal struct ParsedIndexBar
{
    public int Date;
    public double Open, High, Low, Close, Volume, Amount, Marcap;

    /// <summary>1-based line of the row in its file.</summary>
    public long Line;
}

/// <summary>Latest attributes of one code seen in a file.</summary>
internal sealed class StockSeen
{
    public int LastDate;
    public string Name = "";
    public string Market = "UNKNOWN";
    public string Dept = "";
    public bool KosdaqGlobal;
    public bool HasAttributes;

    /// <summary>Bit m set when some row of the code carries market m (<see cref="Kosmo.Core.Market"/> value): stock_markets.</summary>
    public int MarketsSeen;
}

/// <summary>Receives parsed rows (the SQLite writer, or a counting sink for benchmarks).</summary>
internal abstract class RowSink
{
    public abstract void Bar(in ParsedBar bar);

    public abstract void Index(string name, in ParsedIndexBar bar);

    public virtual void Stock(string code, StockSeen seen)
    {
    }
}
