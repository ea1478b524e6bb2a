using Kosmo.Core;

namespace Kosmo.Data.Universe;

/// <summary>Parameters of the tradable small-cap universe (<see cref="UniverseBuilder"/>). Defaults are the house rules.</summary>
public sealed record UniverseRules
{
    /// <summary>Markets allowed (default KOSPI + KOSDAQ). KONEX is never in the universe, whatever this holds.</summary>
    public IReadOnlySet<Market> Markets { get; init; } = new HashSet<Market> { Market.Kospi, Market.Kosdaq };

    /// <summary>Minimum trading days since the code's first bar, inclusive of today (default 60).</summary>
    public int MinHistoryDays { get; init; } = 60;

    /// <summary>Days in the trailing average trading value, ending today (default 20).</summary>
    public int LiquidityWindow { get; init; } = 20;

    /// <summary>Minimum observations (cells with a value) in the liquidity window (default 10).</summary>
    public int MinLiquidityObservations { get; init; } = 10;

    /// <summary>Floor on the trailing average trading value in KRW (default 500 million).</summary>
    public double MinAverageTradingValue { get; init; } = 500_000_000;

    /// <summary>Minimum close in KRW (default 1,000).</summary>
    public double MinPrice { get; init; } = 1_000;

    /// <summary>Minimum market cap in KRW (default 30 billion).</summary>
    public double MinMarketCap { get; init; } = 30_000_000_000;

    /// <summary>The small-cap band: this fraction of the eligible codes, smallest first (default 0.5 = lower half).</summary>
    public double SmallCapFraction { get; init; } = 0.5;

    /// <summary>Share of the codes reaching the size rules that need a market cap (true or carried) for the date to be
    /// sized by market cap (default 0.8); below it the trading-value proxy is used.</summary>
    public double MinCapCoverage { get; init; } = 0.8;

    /// <summary>Maximum age in trading days of a market cap carried forward (default 260, about a year).</summary>
    public int MaxCapCarryDays { get; init; } = 260;

    /// <summary>Days of the trailing average trading value used as the size proxy (default 60).</summary>
    public int SizeProxyWindow { get; init; } = 60;

    /// <summary>Name substrings that identify ETFs, ETNs and listed funds (case-insensitive).</summary>
    public IReadOnlyList<string> FundNamePatterns { get; init; } =
    [
        "KODEX", "TIGER", "KBSTAR", "ARIRANG", "HANARO", "KOSEF", "KINDEX", "TIMEFOLIO", "ETN", "ETF",
        "인프라투융자", "맥쿼리인프라", "선박투자", "부동산투자", "코크렙",
    ];

    /// <summary>Name endings that identify REITs (case-insensitive): 롯데리츠, SK리츠. A suffix, not a substring, so that
    /// 메리츠금융지주 and 블리츠웨이 stay in.</summary>
    public IReadOnlyList<string> FundNameSuffixes { get; init; } = ["리츠", "REIT", "REITs"];

    /// <summary>Checks the parameters.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range (message names it).</exception>
    public void Validate()
    {
        if (MinHistoryDays < 1 || LiquidityWindow < 1 || SizeProxyWindow < 1 || MaxCapCarryDays < 0)
        {
            throw new ArgumentException("MinHistoryDays, LiquidityWindow and SizeProxyWindow must be >= 1 and MaxCapCarryDays >= 0.");
        }

        if (MinLiquidityObservations < 1 || MinLiquidityObservations > LiquidityWindow)
        {
            throw new ArgumentException($"MinLiquidityObservations must be in [1, LiquidityWindow={LiquidityWindow}], got {MinLiquidityObservations}.");
        }

        if (!(SmallCapFraction > 0 && SmallCapFraction <= 1) || !(MinCapCoverage >= 0 && MinCapCoverage <= 1))
        {
            throw new ArgumentException("SmallCapFraction must be in (0, 1] and MinCapCoverage in [0, 1].");
        }
    }
}
