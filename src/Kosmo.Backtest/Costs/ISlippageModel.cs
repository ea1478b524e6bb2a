namespace Kosmo.Backtest.Costs;

/// <summary>Execution shortfall of one fill against the reference price.</summary>
public interface ISlippageModel
{
    /// <summary>
    /// Slippage in KRW (≥ 0) for <paramref name="shares"/> at <paramref name="price"/> with a tick of
    /// <paramref name="tick"/> KRW, daily return volatility <paramref name="dailyVol"/> (fraction) and the day's
    /// volume <paramref name="dayVolume"/> shares.
    /// </summary>
    double Slippage(double price, double tick, double dailyVol, double shares, double dayVolume);
}
