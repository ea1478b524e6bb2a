using Kosmo.Core;

namespace Kosmo.Backtest.Costs;

/// <summary>Transaction tax on one sale.</summary>
public interface ITaxModel
{
    /// <summary>Tax in KRW (≥ 0) on a sale of <paramref name="value"/> KRW settling on <paramref name="settlement"/>.</summary>
    double SellTax(double value, Market market, DateOnly settlement);
}
