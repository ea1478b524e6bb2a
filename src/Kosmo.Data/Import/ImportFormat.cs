namespace Kosmo.Data.Import;

/// <summary>The kind of table a file holds, recognised from its header row.</summary>
public enum ImportFormat
{
    /// <summary>FinanceData/marcap daily full-market snapshot (raw prices, marcap, shares, Dept flags).</summary>
    Marcap,
    /// <summary>Per-stock or long-format OHLCV (Yahoo, FDR, pykrx, Korean per-stock header, generic).</summary>
    Ohlcv,
    /// <summary>An index or macro series (KOSDAQ, KOSPI, KOSPI200, VIX, USDKRW); name from the file name.</summary>
    Index,
    /// <summary>A code → name/market lookup (codes_seen_in_marcap_*.csv: Code, LastName, LastMarket).</summary>
    StockList,
}
