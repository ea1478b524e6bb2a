using Kosmo.Core;

namespace Kosmo.Backtest.Costs;

/// <summary>A flat rate per side (default 0.015%, <see cref="Brokerage.DefaultCommissionRate"/>).</summary>
public sealed record RateCommission(double Rate = Brokerage.DefaultCommissionRate) : ICommissionModel
{
    /// <inheritdoc />
    public double Commission(double value, TradeSide side) => Math.Max(0, value * Rate);
}
