using Kosmo.Backtest.Strategies;
using Kosmo.Core;

namespace Kosmo.Backtest;

/// <summary>
/// Daily long-only simulation. At the close of a rebalance day t the strategy sets target weights from what is known
/// at t; orders fill on t+1 at the open (or close) in whole shares: sells first, then buys scaled down so cash never
/// goes negative. No buy at the upper limit, no sell at the lower limit, no fill on a halted day (the position is
/// frozen and valued at its last price), fills capped at a share of the day's volume, and a delisted holding exits
/// at its last price minus a haircut on the first date after its last date. Sale proceeds are usable the same day
/// (T+2 settlement is used for the tax date only).
/// </summary>
public static class BacktestEngine
{
    /// <summary>Runs one strategy over the panel.</summary>
    /// <exception cref="ArgumentException">The strategy needs signals and none are given, the mask or signals do not fit the panel, or options are invalid.</exception>
    public static BacktestResult Run(Panel panel, SignalMatrix? signals, IStrategy strategy, BacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(options);
        Validate(panel, signals, strategy, options);
        var sim = new Simulation(panel, signals, strategy, options);
        return sim.Run();
    }

    private static void Validate(Panel panel, SignalMatrix? signals, IStrategy strategy, BacktestOptions options)
    {
        if (options.InitialCash <= 0) { throw new ArgumentException($"InitialCash must be positive (got {options.InitialCash}).", nameof(options)); }
        if (!(options.NoTradeBand >= 0 && options.NoTradeBand < 1)) { throw new ArgumentException($"NoTradeBand must be in [0, 1) (got {options.NoTradeBand}).", nameof(options)); }
        if (options.RebalanceEvery < 1) { throw new ArgumentException($"RebalanceEvery must be ≥ 1 (got {options.RebalanceEvery}).", nameof(options)); }
        if (options.UniverseMask is { } m && m.Length != panel.DateCount * panel.CodeCount)
        {
            throw new ArgumentException($"UniverseMask must have N × T = {panel.DateCount * panel.CodeCount} entries (got {m.Length}).", nameof(options));
        }

        if (strategy.NeedsSignals && signals is null) { throw new ArgumentException($"Strategy '{strategy.Name}' needs signals.", nameof(signals)); }
        if (signals is not null && (signals.DateCount != panel.DateCount || signals.CodeCount != panel.CodeCount))
        {
            throw new ArgumentException("Signals were aligned to a different panel.", nameof(signals));
        }

        if (panel.DateCount == 0) { throw new ArgumentException("The panel has no dates.", nameof(panel)); }
    }
}
