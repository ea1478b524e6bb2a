namespace Kosmo.Backtest;

/// <summary>One fill: whole shares at a KRW price; costs in whole KRW (commission and tax truncated, slippage rounded).</summary>
public readonly record struct Trade(DateOnly Date, string Code, TradeSide Side, long Shares, double Price, long Commission, long Tax, long Slippage)
{
    /// <summary>Total cost of this fill in KRW.</summary>
    public long Cost => Commission + Tax + Slippage;
}
