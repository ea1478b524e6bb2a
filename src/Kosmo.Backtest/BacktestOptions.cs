using Kosmo.Backtest.Costs;

namespace Kosmo.Backtest;

/// <summary>Simulation settings. Defaults: 100 million KRW, daily rebalance, fills at the next open, KRX frictions.</summary>
public sealed record BacktestOptions
{
    /// <summary>Starting cash in KRW (must be positive).</summary>
    public long InitialCash { get; init; } = 100_000_000;

    /// <summary>Rebalance every n trading days (1 = daily).</summary>
    public int RebalanceEvery { get; init; } = 1;

    /// <summary>Fill at the next open or the next close.</summary>
    public ExecutionTiming Timing { get; init; } = ExecutionTiming.Open;

    /// <summary>Cost, tax, slippage and fill limits.</summary>
    public Frictions Frictions { get; init; } = Frictions.Default;

    /// <summary>Optional buy universe, code-major like the panel (<c>(N, T)</c>, index <c>i * T + t</c>); null = everything.</summary>
    public bool[]? UniverseMask { get; init; }

    /// <summary>First date index simulated (inclusive); null = first signal date (or 0).</summary>
    public int? StartIndex { get; init; }

    /// <summary>Last date index simulated (inclusive); null = the panel's last date.</summary>
    public int? EndIndex { get; init; }

    /// <summary>
    /// No-trade band (0 = off): a held code whose target is positive is not traded when its target differs from its
    /// current weight (at the execution price) by less than this fraction of equity. Exits (target 0) and new entries
    /// always trade. Keeps drift-resizing trades out of equal-weight and tranche portfolios.
    /// </summary>
    public double NoTradeBand { get; init; }

    /// <summary>Trailing days of close-to-close returns used for a stock's daily volatility (slippage).</summary>
    public int VolatilityLookback { get; init; } = 20;
}
