using Kosmo.Backtest.Statistics;

namespace Kosmo.Backtest;

/// <summary>Everything one <see cref="BacktestRunner"/> run produced: paths, metrics by name, capacity rows.</summary>
public sealed record BacktestReport
{
    /// <summary>Strategy paths at the base account size.</summary>
    public required IReadOnlyList<BacktestResult> Strategies { get; init; }

    /// <summary>Benchmark paths (indices, equal weight, momentum) on the same dates.</summary>
    public required IReadOnlyList<BacktestResult> Benchmarks { get; init; }

    /// <summary>Metrics of each strategy, by name.</summary>
    public required IReadOnlyDictionary<string, PerformanceMetrics> StrategyMetrics { get; init; }

    /// <summary>Metrics of each benchmark, by name.</summary>
    public required IReadOnlyDictionary<string, PerformanceMetrics> BenchmarkMetrics { get; init; }

    /// <summary>Capacity table rows.</summary>
    public required IReadOnlyList<CapacityRow> Capacity { get; init; }

    /// <summary>Probability of backtest overfitting over the strategies (null when not computed; see <see cref="OverfittingNote"/>).</summary>
    public OverfittingResult? Overfitting { get; init; }

    /// <summary>Why <see cref="Overfitting"/> was not computed (null when it was, or when it was not asked for).</summary>
    public string? OverfittingNote { get; init; }
}
