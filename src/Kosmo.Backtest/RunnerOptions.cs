namespace Kosmo.Backtest;

/// <summary>What <see cref="BacktestRunner"/> runs besides the strategies.</summary>
public sealed record RunnerOptions
{
    /// <summary>Account sizes in KRW for the capacity table (100 million, 1 billion, 10 billion).</summary>
    public IReadOnlyList<long> CapacityAccounts { get; init; } = [100_000_000, 1_000_000_000, 10_000_000_000];

    /// <summary>Also run the 12-1 momentum decile portfolio (monthly, same frictions) as a benchmark.</summary>
    public bool Momentum { get; init; } = true;

    /// <summary>Annual risk-free rate for Sharpe, Sortino, PSR and DSR (0).</summary>
    public double RiskFree { get; init; }

    /// <summary>Configurations tried for the DSR; null = the number of strategies in this run.</summary>
    public int? Trials { get; init; }

    /// <summary>Variance of the trials' daily Sharpes; null = the sample variance over this run's strategies (needs ≥ 2, else DSR is null).</summary>
    public double? TrialSharpeVariance { get; init; }
}
