namespace Kosmo.Core;

/// <summary>Brokerage defaults for Korean online accounts.</summary>
public static class Brokerage
{
    /// <summary>Commission per side as a fraction of traded value (0.015%).</summary>
    public const double DefaultCommissionRate = 0.00015;

    /// <summary>Trading days per year used to annualise.</summary>
    public const int TradingDaysPerYear = 252;
}
