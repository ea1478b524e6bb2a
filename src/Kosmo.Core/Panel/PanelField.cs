namespace Kosmo.Core;

/// <summary>The float fields of a <see cref="Panel"/>.</summary>
public enum PanelField
{
    Open = 0,
    High = 1,
    Low = 2,
    Close = 3,
    /// <summary>Close adjusted for splits and capital changes (back-adjusted: the last value equals the raw close).</summary>
    AdjClose = 4,
    Volume = 5,
    /// <summary>Trading value in KRW (estimated as close × volume and flagged where the source lacks it).</summary>
    Value = 6,
    MarketCap = 7,
    Shares = 8,
    /// <summary>Source-reported daily change as a fraction.</summary>
    ChangeRatio = 9,
}
