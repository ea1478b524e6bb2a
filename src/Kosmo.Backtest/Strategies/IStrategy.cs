namespace Kosmo.Backtest.Strategies;

/// <summary>Turns what is known at the close of day t into target portfolio weights for day t+1.</summary>
public interface IStrategy
{
    /// <summary>Name used in equity.csv, trades.csv and metrics.json.</summary>
    string Name { get; }

    /// <summary>True when the strategy reads <see cref="StrategyContext.Signals"/> (false for e.g. momentum).</summary>
    bool NeedsSignals { get; }

    /// <summary>
    /// Writes target weights (fractions of equity, each ≥ 0, sum ≤ 1) into <paramref name="weights"/> (length N,
    /// zeroed by the caller). Codes not eligible to buy may keep at most their current weight.
    /// </summary>
    void Targets(StrategyContext context, double[] weights);
}
