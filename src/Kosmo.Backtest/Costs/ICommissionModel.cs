namespace Kosmo.Backtest.Costs;

/// <summary>Brokerage commission on one fill.</summary>
public interface ICommissionModel
{
    /// <summary>Commission in KRW (≥ 0) for a fill of <paramref name="value"/> KRW on either side.</summary>
    double Commission(double value, TradeSide side);
}
