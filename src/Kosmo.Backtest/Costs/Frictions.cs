namespace Kosmo.Backtest.Costs;

/// <summary>
/// All frictions of a run. Defaults: 0.015% commission, the KRX tax schedule, spread + impact slippage,
/// fills capped at 10% of the day's volume, delisting exit at the last price − 30%.
/// </summary>
public sealed record Frictions
{
    /// <summary>The defaults described above.</summary>
    public static Frictions Default { get; } = new();

    /// <summary>No costs at all (slippage, tax, commission zero); fill limits unchanged.</summary>
    public static Frictions CostFree { get; } = new() { Commission = new RateCommission(0), Tax = new KrxTaxModel(0), Slippage = new SpreadImpactSlippage(0, 0), TickSpread = false };

    /// <summary>Commission model.</summary>
    public ICommissionModel Commission { get; init; } = new RateCommission();

    /// <summary>Sell-tax model.</summary>
    public ITaxModel Tax { get; init; } = new KrxTaxModel();

    /// <summary>Slippage model.</summary>
    public ISlippageModel Slippage { get; init; } = new SpreadImpactSlippage();

    /// <summary>When false, the slippage model is handed a tick of 0 (no half-tick spread).</summary>
    public bool TickSpread { get; init; } = true;

    /// <summary>Most shares one fill may take, as a fraction of the day's volume (0.10); the rest is unfilled.</summary>
    public double ParticipationCap { get; init; } = 0.10;

    /// <summary>Fraction of the last price lost when a held stock is delisted (0.30).</summary>
    public double DelistingHaircut { get; init; } = 0.30;
}
