namespace Kosmo.Backtest;

/// <summary>
/// What one <see cref="BacktestRunner.Run(Kosmo.Core.Panel, BacktestPlan)"/> backtests: every configuration on every
/// model's signals (strategy names <c>MODEL/CONFIGURATION</c>, configuration outer, models in the given order), the
/// run's benchmarks once on the same dates, the capacity sweep and the probability of backtest overfitting.
/// </summary>
public sealed record BacktestPlan
{
    /// <summary>The run's own settings: benchmarks, PBO blocks and the benchmarks' account, execution and frictions.</summary>
    public required BacktestSettings Run { get; init; }

    /// <summary>Raw signals per model (smoothed per configuration before trading), in the order the strategies are listed.</summary>
    public required IReadOnlyList<KeyValuePair<string, SignalMatrix>> Models { get; init; }

    /// <summary>Named configurations; null = the run's settings alone, named after its strategy (<c>MODEL/topk</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, BacktestSettings>>? Configurations { get; init; }

    /// <summary>Buy universe, code-major <c>(N, T)</c> like the panel; null = every code.</summary>
    public bool[]? Universe { get; init; }

    /// <summary>Configurations tried before (added to the deflated Sharpe ratio's trial count).</summary>
    public int ExtraTrials { get; init; }

    /// <summary>Rerun every strategy at each account size of its configuration's capacity_krw (capacity rows).</summary>
    public bool Capacity { get; init; } = true;

    /// <summary>First date index simulated; null = the first date any model has a signal (or 0).</summary>
    public int? StartIndex { get; init; }

    /// <summary>Last date index simulated; null = the panel's last date.</summary>
    public int? EndIndex { get; init; }

    /// <summary>Called with each strategy's name before it is simulated (progress); null = silent.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>The configurations run: <see cref="Configurations"/>, or the run's settings under its strategy name.</summary>
    public IReadOnlyList<KeyValuePair<string, BacktestSettings>> EffectiveConfigurations =>
        Configurations ?? [new(Run.Strategy, Run)];
}
