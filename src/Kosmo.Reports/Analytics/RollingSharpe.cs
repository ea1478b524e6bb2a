using Kosmo.Backtest.Statistics;

namespace Kosmo.Reports.Analytics;

/// <summary>
/// Rolling annualised Sharpe ratio of daily simple returns: mean / sample std × √252 over the last
/// <c>window</c> returns (risk-free 0), reported at the date that ends each window; the returns and the Sharpe are
/// Backtest's (<see cref="PerformanceStatistics.Returns"/>, <see cref="PerformanceStatistics.AnnualisedSharpe(ReadOnlySpan{double})"/>).
/// </summary>
internal static class RollingSharpe
{
    /// <summary>dates, equity: (T), equity positive. Returns (T − window) points, NaN where the window's std is 0.</summary>
    public static IReadOnlyList<(DateOnly Date, double Sharpe)> Compute(IReadOnlyList<DateOnly> dates, IReadOnlyList<double> equity, int window = 126)
    {
        var result = new List<(DateOnly, double)>();
        if (window < 2 || equity.Count <= window)
        {
            return result;
        }

        var r = PerformanceStatistics.Returns([.. equity]);
        for (var end = window; end <= r.Length; end++)
        {
            result.Add((dates[end], PerformanceStatistics.AnnualisedSharpe(r.AsSpan(end - window, window))));
        }

        return result;
    }
}
