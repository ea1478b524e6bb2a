namespace Kosmo.Reports.Analytics;

/// <summary>
/// Rolling annualised Sharpe ratio of daily simple returns: mean / sample std × √252 over the last
/// <c>window</c> returns (risk-free 0), reported at the date that ends each window.
/// </summary>
internal static class RollingSharpe
{
    /// <summary>dates, equity: (T). Returns (T − window) points, NaN where the window's std is 0.</summary>
    public static IReadOnlyList<(DateOnly Date, double Sharpe)> Compute(IReadOnlyList<DateOnly> dates, IReadOnlyList<double> equity, int window = 126)
    {
        var result = new List<(DateOnly, double)>();
        if (window < 2 || equity.Count <= window)
        {
            return result;
        }

        var r = new double[equity.Count - 1];
        for (var i = 1; i < equity.Count; i++)
        {
            r[i - 1] = equity[i - 1] > 0 ? equity[i] / equity[i - 1] - 1 : double.NaN;
        }

        for (var end = window; end <= r.Length; end++)
        {
            double sum = 0, sumSq = 0;
            for (var j = end - window; j < end; j++)
            {
                sum += r[j];
            }

            var mean = sum / window;
            for (var j = end - window; j < end; j++)
            {
                sumSq += (r[j] - mean) * (r[j] - mean);
            }

            var std = Math.Sqrt(sumSq / (window - 1));
            result.Add((dates[end], std > 0 ? mean / std * Math.Sqrt(252) : double.NaN));
        }

        return result;
    }
}
