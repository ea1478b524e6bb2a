using Kosmo.Core;

namespace Kosmo.Backtest.Costs;

/// <summary>
/// The KRX schedule (<see cref="TransactionTax.SellRate"/>) times <paramref name="Scale"/> (1 = the law; 2 doubles it
/// for stress tests). Unknown markets are taxed as KOSDAQ.
/// </summary>
public sealed record KrxTaxModel(double Scale = 1.0) : ITaxModel
{
    /// <inheritdoc />
    public double SellTax(double value, Market market, DateOnly settlement) =>
        Math.Max(0, value * Scale * TransactionTax.SellRate(market == Market.Unknown ? Market.Kosdaq : market, settlement));
}
