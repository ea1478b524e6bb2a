namespace Kosmo.Data.Panel;

/// <summary>The price basis of a source (<c>sources.price_basis</c>).</summary>
public enum PriceBasis
{
    /// <summary>Raw prices as traded (marcap, csv): splits show as jumps; the reported change ratio is split-aware.</summary>
    Raw = 0,
    /// <summary>Back-adjusted as of the source's download date (pykrx, FDR): returns are consistent across splits.</summary>
    BackAdjusted = 1,
    /// <summary>Yahoo: O/H/L split-adjusted, close raw, adj_close consistent (returns are taken from adj_close).</summary>
    YahooMixed = 2,
    /// <summary>Synthetic market generator output (no corporate actions; adj_close used when present).</summary>
    Synthetic = 3,
}
