namespace Kosmo.Backtest;

/// <summary>Side of a fill in trades.csv.</summary>
public enum TradeSide
{
    /// <summary>A purchase.</summary>
    Buy = 0,

    /// <summary>A sale.</summary>
    Sell = 1,

    /// <summary>A forced exit after delisting, at the last price minus the haircut (no commission or tax).</summary>
    Delist = 2,
}
