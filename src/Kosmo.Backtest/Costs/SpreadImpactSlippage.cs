namespace Kosmo.Backtest.Costs;

/// <summary>
/// Half-spread plus square-root impact, per share:
/// <c>HalfTicks · tick / 2 + SpreadVol · σ · price</c> + <c>ImpactK · σ · price · sqrt(shares / dayVolume)</c>.
/// Defaults: HalfTicks 1, SpreadVol 0.05, ImpactK 0.5 (σ is the daily volatility, 0.02 when unknown).
/// </summary>
public sealed record SpreadImpactSlippage(double SpreadVol = 0.05, double ImpactK = 0.5, double HalfTicks = 1.0) : ISlippageModel
{
    /// <inheritdoc />
    public double Slippage(double price, double tick, double dailyVol, double shares, double dayVolume)
    {
        if (shares <= 0 || price <= 0)
        {
            return 0;
        }

        var sigma = double.IsFinite(dailyVol) && dailyVol > 0 ? dailyVol : 0.02;
        var participation = dayVolume > 0 ? Math.Min(1.0, shares / dayVolume) : 1.0;
        var perShare = (HalfTicks * 0.5 * tick) + (SpreadVol * sigma * price) + (ImpactK * sigma * price * Math.Sqrt(participation));
        return Math.Max(0, perShare * shares);
    }
}
