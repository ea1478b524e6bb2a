namespace Kosmo.Core;

/// <summary>
/// One stock-day as read from a source, before it becomes part of a <see cref="Panel"/>.
/// Prices in KRW per share, volume in shares, amounts in KRW. Missing values are NaN, never 0.
/// </summary>
public readonly record struct DailyBar
{
    public required DateOnly Date { get; init; }
    public required string Code { get; init; }
    public double Open { get; init; }
    public double High { get; init; }
    public double Low { get; init; }
    public double Close { get; init; }
    /// <summary>Source's adjusted close (split/dividend adjusted), NaN when the source has none.</summary>
    public double AdjClose { get; init; }
    public double Volume { get; init; }
    /// <summary>Trading value (거래대금) in KRW, NaN when the source lacks it.</summary>
    public double Amount { get; init; }
    /// <summary>Market capitalisation in KRW, NaN when unknown.</summary>
    public double MarketCap { get; init; }
    /// <summary>Listed shares, NaN when unknown.</summary>
    public double Shares { get; init; }
    /// <summary>Source's reported close-to-close change as a fraction (0.05 = +5%), NaN when absent.</summary>
    public double ChangeRatio { get; init; }
    /// <summary>Per-day flags (halt, administrative issue, limit hits, ...).</summary>
    public BarFlags Flags { get; init; }
}
