namespace Kosmo.Reports.Analytics;

/// <summary>Drawdown of an equity curve: equity / running maximum − 1 (0 at new highs, negative below).</summary>
internal static class Drawdown
{
    /// <summary>equity: (T) positive values; returns (T). Non-finite or non-positive values give NaN at that step.</summary>
    public static double[] Compute(IReadOnlyList<double> equity)
    {
        var dd = new double[equity.Count];
        var peak = double.NegativeInfinity;
        for (var i = 0; i < equity.Count; i++)
        {
            var v = equity[i];
            if (!double.IsFinite(v) || v <= 0)
            {
                dd[i] = double.NaN;
                continue;
            }

            peak = Math.Max(peak, v);
            dd[i] = v / peak - 1;
        }

        return dd;
    }

    /// <summary>The most negative drawdown (0 for an always-rising curve, NaN when there is no valid value).</summary>
    public static double Max(IReadOnlyList<double> equity)
    {
        var dd = Compute(equity).Where(double.IsFinite).ToList();
        return dd.Count == 0 ? double.NaN : dd.Min();
    }
}
