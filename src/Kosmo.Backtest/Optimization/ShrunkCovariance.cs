namespace Kosmo.Backtest.Optimization;

/// <summary>
/// Sample covariance of trailing returns shrunk towards the constant-correlation target (Ledoit &amp; Wolf 2004):
/// <c>Σ = δ F + (1 − δ) S</c>, <c>F_ii = S_ii</c>, <c>F_ij = r̄ √(S_ii S_jj)</c> with r̄ the mean pairwise correlation.
/// δ is given, or estimated with the Ledoit–Wolf (2004, "Honey, I shrunk the sample covariance matrix") optimal
/// intensity <see cref="LedoitWolfIntensity"/> when null.
/// </summary>
public static class ShrunkCovariance
{
    /// <summary>returns: (L, n) row-major, NaN treated as 0; result: (n, n) row-major.</summary>
    /// <exception cref="ArgumentException">returns.Length != L · n or L &lt; 2.</exception>
    public static double[] Estimate(double[] returns, int rows, int n, double? shrinkage = 0.5)
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
        var delta = shrinkage ?? LedoitWolfIntensity(returns, rows, n);
        var result = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                var f = a == b ? s[(a * n) + a] : rbar * Math.Sqrt(s[(a * n) + a] * s[(b * n) + b]);
                result[(a * n) + b] = (delta * f) + ((1 - delta) * s[(a * n) + b]);
            }
        }

        return result;
    }

    /// <summary>
    /// The Ledoit–Wolf optimal shrinkage intensity towards constant correlation, clipped to [0, 1]:
    /// δ = max(0, min(1, (π − ρ) / γ / L)) with π, ρ, γ as in the paper (moments with 1/L, NaN returns as 0).
    /// returns: (L, n) row-major.
    /// </summary>
    /// <exception cref="ArgumentException">returns.Length != L · n or L &lt; 2.</exception>
    public static double LedoitWolfIntensity(double[] returns, int rows, int n)
    {
        ArgumentNullException.ThrowIfNull(returns);
        if (returns.Length != rows * n || rows < 2) { throw new ArgumentException($"Need (L ≥ 2, n) returns; got {returns.Length} values for L = {rows}, n = {n}.", nameof(returns)); }
        var x = new double[rows * n];
        for (var j = 0; j < n; j++)
        {
            var mean = 0.0;
            for (var r = 0; r < rows; r++) { mean += Val(returns[(r * n) + j]); }
            mean /= rows;
            for (var r = 0; r < rows; r++) { x[(r * n) + j] = Val(returns[(r * n) + j]) - mean; }
        }

        var s = new double[n * n];
        for (var r = 0; r < rows; r++)
        {
            for (var a = 0; a < n; a++) { for (var b = 0; b < n; b++) { s[(a * n) + b] += x[(r * n) + a] * x[(r * n) + b] / rows; } }
        }

        double rbar = 0;
        for (var a = 0; a < n; a++) { for (var b = 0; b < n; b++) { if (a != b) { rbar += s[(a * n) + b] / Math.Sqrt(s[(a * n) + a] * s[(b * n) + b]); } } }
        rbar = n > 1 ? rbar / (n * (n - 1)) : 0;
        double pi = 0, rho = 0, gamma = 0;
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                double piAb = 0, thetaA = 0, thetaB = 0;
                var sab = s[(a * n) + b];
                for (var r = 0; r < rows; r++)
                {
                    var xa = x[(r * n) + a];
                    var xb = x[(r * n) + b];
                    var c = (xa * xb) - sab;
                    piAb += c * c;
                    thetaA += ((xa * xa) - s[(a * n) + a]) * c;
                    thetaB += ((xb * xb) - s[(b * n) + b]) * c;
                }

                piAb /= rows;
                pi += piAb;
                if (a == b)
                {
                    rho += piAb;
                    continue;
                }

                var saa = s[(a * n) + a];
                var sbb = s[(b * n) + b];
                rho += rbar / 2 * ((Math.Sqrt(sbb / saa) * thetaA / rows) + (Math.Sqrt(saa / sbb) * thetaB / rows));
                var f = rbar * Math.Sqrt(saa * sbb);
                gamma += (f - sab) * (f - sab);
            }
        }

        if (!(gamma > 0)) { return 1; }
        return Math.Clamp((pi - rho) / gamma / rows, 0, 1);
    }

    private static double Val(double x) => double.IsFinite(x) ? x : 0;
}
