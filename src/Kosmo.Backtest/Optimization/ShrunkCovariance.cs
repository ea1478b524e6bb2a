namespace Kosmo.Backtest.Optimization;

/// <summary>
/// Sample covariance of trailing returns shrunk towards the constant-correlation target (Ledoit &amp; Wolf 2004):
/// <c>Σ = δ F + (1 − δ) S</c>, <c>F_ii = S_ii</c>, <c>F_ij = r̄ √(S_ii S_jj)</c> with r̄ the mean pairwise correlation.
/// δ is fixed (default 0.5) rather than estimated.
/// </summary>
public static class ShrunkCovariance
{
    /// <summary>returns: (L, n) row-major, NaN treated as 0; result: (n, n) row-major.</summary>
    /// <exception cref="ArgumentException">returns.Length != L · n or L &lt; 2.</exception>
    public static double[] Estimate(double[] returns, int rows, int n, double shrinkage = 0.5)
    {
        ArgumentNullException.ThrowIfNull(returns);
        if (returns.Length != rows * n || rows < 2) { throw new ArgumentException($"Need (L ≥ 2, n) returns; got {returns.Length} values for L = {rows}, n = {n}.", nameof(returns)); }
        var mean = new double[n];
        for (var r = 0; r < rows; r++) { for (var j = 0; j < n; j++) { mean[j] += Val(returns[(r * n) + j]); } }
        for (var j = 0; j < n; j++) { mean[j] /= rows; }
        var s = new double[n * n];
        for (var r = 0; r < rows; r++)
        {
            for (var a = 0; a < n; a++)
            {
                var da = Val(returns[(r * n) + a]) - mean[a];
                for (var b = a; b < n; b++) { s[(a * n) + b] += da * (Val(returns[(r * n) + b]) - mean[b]); }
            }
        }

        for (var a = 0; a < n; a++) { for (var b = a; b < n; b++) { s[(a * n) + b] /= rows - 1; s[(b * n) + a] = s[(a * n) + b]; } }
        var rbar = 0.0;
        var pairs = 0;
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                var den = Math.Sqrt(s[(a * n) + a] * s[(b * n) + b]);
                if (den > 0) { rbar += s[(a * n) + b] / den; pairs++; }
            }
        }

        rbar = pairs > 0 ? rbar / pairs : 0;
        var result = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                var f = a == b ? s[(a * n) + a] : rbar * Math.Sqrt(s[(a * n) + a] * s[(b * n) + b]);
                result[(a * n) + b] = (shrinkage * f) + ((1 - shrinkage) * s[(a * n) + b]);
            }
        }

        return result;
    }

    private static double Val(double x) => double.IsFinite(x) ? x : 0;
}
