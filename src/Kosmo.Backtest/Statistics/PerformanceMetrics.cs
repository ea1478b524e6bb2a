namespace Kosmo.Backtest.Statistics;

/// <summary>
/// Performance of one equity path (plain fractions; annualised with 252 days). Null where a value does not apply
/// (benchmarks: turnover, cost drag, PSR, DSR) or cannot be computed (NaN, e.g. zero volatility).
/// </summary>
public sealed record PerformanceMetrics
{
    /// <summary>Last / first − 1.</summary>
    public double TotalReturn { get; init; }

    /// <summary>(last / first)^(252 / returns) − 1.</summary>
    public double Cagr { get; init; }

    /// <summary>Sample std of daily returns × √252.</summary>
    public double AnnVol { get; init; }

    /// <summary>Mean excess daily return / sample std × √252.</summary>
    public double Sharpe { get; init; }

    /// <summary>Mean excess daily return / √mean(min(excess, 0)²) × √252.</summary>
    public double Sortino { get; init; }

    /// <summary>Most negative close-to-peak drawdown (≤ 0).</summary>
    public double MaxDrawdown { get; init; }

    /// <summary>Longest run of consecutive dates under a previous peak (trading days).</summary>
    public int MaxDrawdownDays { get; init; }

    /// <summary>CAGR / |max drawdown| (NaN when there is no drawdown).</summary>
    public double Calmar { get; init; }

    /// <summary>Annualised one-way turnover: mean daily (bought + sold) / 2 / equity × 252.</summary>
    public double? Turnover { get; init; }

    /// <summary>Annualised cost drag: mean daily cost / previous equity × 252 (gross minus net arithmetic return).</summary>
    public double? CostDrag { get; init; }

    /// <summary>Gross total return (costs added back day by day).</summary>
    public double? GrossTotalReturn { get; init; }

    /// <summary>Mean positions held.</summary>
    public double AverageHoldings { get; init; }

    /// <summary>Share of days with a positive return among days with a non-zero return.</summary>
    public double HitRate { get; init; }

    /// <summary>Population skewness of daily returns.</summary>
    public double Skewness { get; init; }

    /// <summary>Population kurtosis of daily returns (normal = 3, not excess).</summary>
    public double Kurtosis { get; init; }

    /// <summary>Probabilistic Sharpe ratio against a benchmark Sharpe of 0.</summary>
    public double? Psr { get; init; }

    /// <summary>Deflated Sharpe ratio (PSR against the expected maximum Sharpe of the trials).</summary>
    public double? Dsr { get; init; }

    /// <summary>Number of daily returns.</summary>
    public int Observations { get; init; }
}
