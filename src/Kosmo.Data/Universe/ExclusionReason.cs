namespace Kosmo.Data.Universe;

/// <summary>
/// Why a code is not in the universe on a date. The rules run in this order and a code is charged to the FIRST rule that
/// excludes it (so per-rule counts per date add up to the number of codes not in the universe).
/// </summary>
public enum ExclusionReason : byte
{
    /// <summary>Member of the universe.</summary>
    None = 0,
    /// <summary>No bar that day: not yet listed, delisted, or missing from every source.</summary>
    NotListed = 1,
    /// <summary>Market not in <see cref="UniverseRules.Markets"/> (KONEX and unknown markets are never in).</summary>
    Market = 2,
    /// <summary>SPAC: name contains 스팩 or Dept contains SPAC.</summary>
    Spac = 3,
    /// <summary>Preferred share: code not ending in 0 (005935, 00088K), or name ending 우B/우C/(전환) or digit + 우.</summary>
    Preferred = 4,
    /// <summary>ETF / ETN / REIT / infrastructure fund identified by name (<see cref="UniverseRules.FundNamePatterns"/>, <see cref="UniverseRules.FundNameSuffixes"/>).</summary>
    Fund = 5,
    /// <summary>Flagged that day: 관리종목 (Administrative), 투자주의환기 (InvestmentCaution), InvestmentWarning or InvestmentRisk.</summary>
    Flagged = 6,
    /// <summary>No trade that day (volume 0, Halted flag, or no close).</summary>
    Halted = 7,
    /// <summary>Fewer than <see cref="UniverseRules.MinHistoryDays"/> trading days since the code's first bar.</summary>
    ShortHistory = 8,
    /// <summary>Average trading value over the last <see cref="UniverseRules.LiquidityWindow"/> days below the floor (or too few observations).</summary>
    Illiquid = 9,
    /// <summary>Close below <see cref="UniverseRules.MinPrice"/>.</summary>
    LowPrice = 10,
    /// <summary>The date's size basis is market cap but this code has neither a market cap nor a carried estimate.</summary>
    SizeUnknown = 11,
    /// <summary>Market cap (or carried estimate) below <see cref="UniverseRules.MinMarketCap"/>.</summary>
    BelowMinMarketCap = 12,
    /// <summary>Larger than the small-cap band (<see cref="UniverseRules.SmallCapFraction"/> smallest of the eligible codes).</summary>
    AboveSmallCapBand = 13,
    /// <summary>Not a stock: a market-index series stored under a pseudo-code inside a stock file (the Yahoo files'
    /// 'kospi' and 'kosdaq' rows; <see cref="Kosmo.Data.Import.ImportBounds.IsIndexPseudoCode"/>). An index cannot be bought.</summary>
    NotAStock = 14,
}
