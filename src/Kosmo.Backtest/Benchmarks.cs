using Kosmo.Core;

namespace Kosmo.Backtest;

/// <summary>Frictionless benchmark paths on the same dates as a strategy.</summary>
public static class Benchmarks
{
    /// <summary>
    /// An index from <c>panel.Indices</c> scaled to <paramref name="initialCash"/> at <paramref name="start"/>; a missing
    /// close repeats the last one. Returns null when the panel lacks the index or it has no price at or before start.
    /// </summary>
    public static BacktestResult? Index(Panel panel, string name, int start, int end, long initialCash)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!panel.Indices.TryGetValue(name, out var series)) { return null; }
        var first = double.NaN;
        for (var t = start; t >= 0 && !(first > 0); t--) { first = series.Close[t]; }
        if (!(first > 0)) { return null; }
        var equity = new double[end - start + 1];
        var last = first;
        for (var t = start; t <= end; t++)
        {
            var c = series.Close[t];
            if (c > 0 && float.IsFinite(c)) { last = c; }
            equity[t - start] = initialCash * last / first;
        }

        return Make(panel, name.ToUpperInvariant(), start, end, equity, initialCash);
    }

    /// <summary>
    /// Equal weight, rebalanced daily: the mean adjusted-close return of every code with prices on t−1 and t and in
    /// the mask at t−1 (all codes when the mask is null). A delisted code simply drops out (no haircut).
    /// </summary>
    public static BacktestResult EqualWeight(Panel panel, bool[]? mask, int start, int end, long initialCash)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var adj = panel.Field(PanelField.AdjClose);
        var T = panel.DateCount;
        var sum = new double[end - start + 1];
        var count = new int[end - start + 1];
        for (var i = 0; i < panel.CodeCount; i++)
        {
            var baseK = i * T;
            for (var t = Math.Max(start, 1) ; t <= end; t++)
            {
                var a = adj[baseK + t - 1];
                var b = adj[baseK + t];
                if (a > 0 && b > 0 && (mask is null || mask[baseK + t - 1]))
                {
                    sum[t - start] += (b / (double)a) - 1;
                    count[t - start]++;
                }
            }
        }

        var equity = new double[sum.Length];
        var level = (double)initialCash;
        for (var d = 0; d < sum.Length; d++)
        {
            if (d > 0 && count[d] > 0) { level *= 1 + (sum[d] / count[d]); }
            equity[d] = level;
        }

        var held = new int[sum.Length];
        for (var d = 0; d < sum.Length; d++) { held[d] = count[d]; }
        return Make(panel, "equal_weight", start, end, equity, initialCash) with { Holdings = held };
    }

    private static BacktestResult Make(Panel panel, string name, int start, int end, double[] equity, long initialCash) => new()
    {
        Name = name,
        Dates = panel.Dates[start..(end + 1)],
        Equity = equity,
        Costs = new double[equity.Length],
        Turnover = new double[equity.Length],
        Holdings = new int[equity.Length],
        Trades = [],
        InitialCash = initialCash,
        IsBenchmark = true,
    };
}
