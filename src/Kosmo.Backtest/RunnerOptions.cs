namespace Kosmo.Backtest;

/// <summary>What <see cref="BacktestRunner"/> runs besides explicitly given strategies.</summary>
public sealed record RunnerOptions
{
    /// <summary>Account sizes in KRW for the capacity table (100 million, 1 billion, 10 billion).</summary>
    public IReadOnlyList<long> CapacityAccounts { get; init; } = [100_000_000, 1_000_000_000, 10_000_000_000];

    /// <summary>Benchmarks, a subset of <see cref="BacktestSettings.BenchmarkNames"/> (default all four).</summary>
    public IReadOnlyList<string> Benchmarks { get; init; } = BacktestSettings.BenchmarkNames;

    /// <summary>Configurations tried before (added to the deflated Sharpe ratio's trial count).</summary>
    public int ExtraTrials { get; init; }

    /// <summary>Date blocks of the probability of backtest overfitting over the strategies (even; 0 = off, the default).</summary>
    public int PboBlocks { get; init; }
}
