namespace Kosmo.Reports.Analytics;

/// <summary>
/// Headline statistics of an equity curve by the DESIGN.md conventions (daily simple returns, 252 days a year,
/// Sharpe = mean / sample std × √252, total_return = last / first − 1, max_drawdown ≤ 0). Used only when
/// metrics.json lacks a strategy.
/// </summary>
internal static class PerformanceStats
{
    /// <summary>equity: (T). Keys: total_return, cagr, ann_vol, sharpe, max_drawdown (NaN when T &lt; 2).</summary>
    public static Dictionary<string, double> Compute(IReadOnlyList<double> equity)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        if (equity.Count < 2 || equity[0] <= 0)
        {
            return d;
        }

        var r = new double[equity.Count - 1];
        for (var i = 1; i < equity.Count; i++)
        {
            r[i - 1] = equity[i] / equity[i - 1] - 1;
        }

        var mean = r.Average();
        var std = r.Length > 1 ? Math.Sqrt(r.Sum(x => (x - mean) * (x - mean)) / (r.Length - 1)) : double.NaN;
        var total = equity[^1] / equity[0] - 1;
        d["total_return"] = total;
        d["cagr"] = Math.Pow(1 + total, 252.0 / r.Length) - 1;
        d["ann_vol"] = std * Math.Sqrt(252);
        d["sharpe"] = std > 0 ? mean / std * Math.Sqrt(252) : double.NaN;
        d["max_drawdown"] = Drawdown.Max(equity);
        return d;
    }
}
