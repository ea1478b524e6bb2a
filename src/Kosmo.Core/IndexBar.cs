namespace Kosmo.Core;

/// <summary>One day of a market index (KOSDAQ, KOSPI, KOSPI200), VIX or USDKRW. Missing values are NaN.</summary>
public readonly record struct IndexBar
{
    public required string Name { get; init; }
    public required DateOnly Date { get; init; }
    public double Open { get; init; }
    public double High { get; init; }
    public double Low { get; init; }
    public double Close { get; init; }
    public double Volume { get; init; }
    /// <summary>Market trading value in KRW, NaN when absent.</summary>
    public double Amount { get; init; }
    /// <summary>Total market capitalisation in KRW, NaN when absent.</summary>
    public double MarketCap { get; init; }
}
