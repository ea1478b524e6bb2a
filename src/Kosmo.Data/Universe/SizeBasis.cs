namespace Kosmo.Data.Universe;

/// <summary>What the size rules used on one date.</summary>
public enum SizeBasis : byte
{
    /// <summary>No code reached the size rules that day.</summary>
    None = 0,
    /// <summary>Every sized code had the source's market cap that day (marcap dates).</summary>
    MarketCap = 1,
    /// <summary>Some codes' caps were carried from their last known market cap by the adjusted-close return
    /// (cap[t0] × AdjClose[t] / AdjClose[t0], at most <see cref="UniverseRules.MaxCapCarryDays"/> days old).</summary>
    CarriedMarketCap = 2,
    /// <summary>Too few caps (below <see cref="UniverseRules.MinCapCoverage"/>): the band is taken on the
    /// <see cref="UniverseRules.SizeProxyWindow"/>-day average trading value instead and the minimum-cap floor is not applied.</summary>
    TradingValueProxy = 3,
}
