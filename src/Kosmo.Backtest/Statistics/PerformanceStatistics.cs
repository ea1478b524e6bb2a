using Kosmo.Core;

namespace Kosmo.Backtest.Statistics;

/// <summary>Computes <see cref="PerformanceMetrics"/> from an equity path (conventions in DESIGN.md).</summary>
public static class PerformanceStatistics
{
    private static readonly double _sqrtYear = Math.Sqrt(Brokerage.TradingDaysPerYear);

    /// <summary>Daily simple returns of an equity series (D) → (D − 1).</summary>
    public static double[] Returns(ReadOnlySpan<double> equity)
    {
        var r = new double[Math.Max(0, equity.Length - 1)];
        for (var t = 1; t < equity.Length; t++) { r[t - 1] = (equity[t] / equity[t - 1]) - 1; }
        return r;
    }

    /// <summary>
    /// All metrics of a result. <paramref name="riskFree"/> is annual (divided by 252 per day).
    /// Benchmarks get null turnover, cost drag, PSR and DSR. DSR is filled only when <paramref name="trialSharpeVariance"/> is given.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 dates or a non-positive equity value.</exception>
    public static PerformanceMetrics Compute(BacktestResult result, double riskFree = 0, int trials = 1, double? trialSharpeVariance = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var e = result.Equity;
        var metrics = OfPath(e, riskFree, $"'{result.Name}'", nameof(result)) with
        {
            AverageHoldings = result.Holdings.Length > 0 ? result.Holdings.Average() : 0,
        };
        if (result.IsBenchmark) { return metrics; }
        var r = Returns(e);
        var excess = Excess(r, riskFree);
        var gross = 1.0;
        var drag = 0.0;
        for (var t = 1; t < e.Length; t++)
        {
            var c = result.Costs[t] / e[t - 1];
            drag += c;
            gross *= 1 + r[t - 1] + c;
        }

        return metrics with
        {
            Turnover = result.Turnover.Average() * Brokerage.TradingDaysPerYear,
            CostDrag = drag / r.Length * Brokerage.TradingDaysPerYear,
            GrossTotalReturn = gross - 1,
            Psr = SharpeInference.Probabilistic(excess),
            Dsr = trialSharpeVariance is { } v ? SharpeInference.Deflated(excess, trials, v) : null,
        };
    }

    /// <summary>
    /// The metrics an equity path alone gives (equity: (D), D ≥ 2, every value positive), by the same formulas as
    /// <see cref="Compute"/>: what a benchmark gets (turnover, cost drag, gross return, PSR and DSR null), with average
    /// holdings 0 (unknown). For a path without a <see cref="BacktestResult"/>, e.g. an equity.csv curve the metrics
    /// file lacks.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 values or a non-positive value.</exception>
    public static PerformanceMetrics FromEquity(ReadOnlySpan<double> equity, double riskFree = 0) => OfPath(equity, riskFree, "The equity path", nameof(equity));

    /// <summary>Annualised Sharpe ratio of daily (excess) returns: mean / sample std × √252; NaN when the std is 0 or undefined.</summary>
    public static double AnnualisedSharpe(ReadOnlySpan<double> returns) => AnnualisedSharpe(Moments.Of(returns));

    /// <summary>Daily (non-annualised) Sharpe of an equity path, for the trial variance of the DSR.</summary>
    public static double DailySharpe(ReadOnlySpan<double> equity, double riskFree = 0)
    {
        var m = Moments.Of(Excess(Returns(equity), riskFree));
        return m.Std > 0 ? m.Mean / m.Std : double.NaN;
    }

    /// <summary>Max drawdown (≤ 0) and the longest run of consecutive dates below the running peak.</summary>
    public static (double MaxDrawdown, int Days) Drawdown(ReadOnlySpan<double> equity) => Drawdown(equity, []);

    /// <summary>The drawdown on every date: equity / running peak − 1 (0 at a new peak, negative below it). (D) → (D).</summary>
    public static double[] DrawdownPath(ReadOnlySpan<double> equity)
    {
        var path = new double[equity.Length];
        Drawdown(equity, path);
        return path;
    }

    private static (double MaxDrawdown, int Days) Drawdown(ReadOnlySpan<double> equity, Span<double> path)
    {
        var peak = double.NegativeInfinity;
        var mdd = 0.0;
        int run = 0, longest = 0;
        for (var t = 0; t < equity.Length; t++)
        {
            var v = equity[t];
            if (v >= peak) { peak = v; run = 0; }
            else { run++; longest = Math.Max(longest, run); }
            var dd = (v / peak) - 1;
            if (path.Length > 0) { path[t] = dd; }
            mdd = Math.Min(mdd, dd);
        }

        return (mdd, longest);
    }

    private static PerformanceMetrics OfPath(ReadOnlySpan<double> e, double riskFree, string what, string parameter)
    {
        if (e.Length < 2) { throw new ArgumentException($"{what} needs at least 2 dates (got {e.Length}).", parameter); }
        foreach (var value in e)
        {
            if (!(value > 0)) { throw new ArgumentException($"{what} has a non-positive equity value {value}.", parameter); }
        }

        var r = Returns(e);
        var excess = Excess(r, riskFree);
        var m = Moments.Of(excess);
        var down = Math.Sqrt(excess.Sum(x => x < 0 ? x * x : 0) / excess.Length);
        var (mdd, mddDays) = Drawdown(e);
        var total = (e[^1] / e[0]) - 1;
        var cagr = Math.Pow(e[^1] / e[0], (double)Brokerage.TradingDaysPerYear / r.Length) - 1;
        var nonZero = r.Count(x => x != 0);
        return new PerformanceMetrics
        {
            TotalReturn = total,
            Cagr = cagr,
            AnnVol = m.Std * _sqrtYear,
            Sharpe = AnnualisedSharpe(m),
            Sortino = down > 0 ? m.Mean / down * _sqrtYear : double.NaN,
            MaxDrawdown = mdd,
            MaxDrawdownDays = mddDays,
            Calmar = mdd < 0 ? cagr / -mdd : double.NaN,
            HitRate = nonZero > 0 ? (double)r.Count(x => x > 0) / nonZero : double.NaN,
            Skewness = m.Skewness,
            Kurtosis = m.Kurtosis,
            Observations = r.Length,
        };
    }

    private static double[] Excess(double[] returns, double riskFree)
    {
        var rfDay = riskFree / Brokerage.TradingDaysPerYear;
        return [.. returns.Select(x => x - rfDay)];
    }

    private static double AnnualisedSharpe(Moments m) => m.Std > 0 ? m.Mean / m.Std * _sqrtYear : double.NaN;
}
