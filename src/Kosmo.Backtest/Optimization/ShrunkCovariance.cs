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
        var x = new double[n][]; // demeaned columns, (n, L)
        for (var j = 0; j < n; j++)
        {
            x[j] = new double[rows];
            var mean = 0.0;
            for (var r = 0; r < rows; r++) { mean += Val(returns[(r * n) + j]); }
            mean /= rows;
            for (var r = 0; r < rows; r++) { x[j][r] = Val(returns[(r * n) + j]) - mean; }
        }

        var s = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            for (var b = a; b < n; b++)
            {
                var dot = 0.0;
                for (var r = 0; r < rows; r++) { dot += x[a][r] * x[b][r]; }
                s[(a * n) + b] = s[(b * n) + a] = dot / rows;
            }
        }

        double rbar = 0;
        for (var a = 0; a < n; a++) { for (var b = a + 1; b < n; b++) { rbar += s[(a * n) + b] / Math.Sqrt(s[(a * n) + a] * s[(b * n) + b]); } }
        rbar = n > 1 ? 2 * rbar / (n * (n - 1)) : 0;
        double pi = 0, rho = 0, gamma = 0;
        for (var a = 0; a < n; a++)
        {
            var xa = x[a];
            var saa = s[(a * n) + a];
            var piAa = 0.0;
            for (var r = 0; r < rows; r++) { var c = (xa[r] * xa[r]) - saa; piAa += c * c; }
            pi += piAa / rows;
            rho += piAa / rows;
            for (var b = a + 1; b < n; b++)
            {
                // the pair (a, b) and its mirror (b, a) contribute equally to π, ρ and γ
                var xb = x[b];
                var sab = s[(a * n) + b];
                var sbb = s[(b * n) + b];
                double piAb = 0, thetaA = 0, thetaB = 0;
                for (var r = 0; r < rows; r++)
                {
                    var c = (xa[r] * xb[r]) - sab;
                    piAb += c * c;
                    thetaA += ((xa[r] * xa[r]) - saa) * c;
                    thetaB += ((xb[r] * xb[r]) - sbb) * c;
                }

                pi += 2 * piAb / rows;
                rho += rbar * ((Math.Sqrt(sbb / saa) * thetaA / rows) + (Math.Sqrt(saa / sbb) * thetaB / rows));
                var f = rbar * Math.Sqrt(saa * sbb);
                gamma += 2 * (f - sab) * (f - sab);
            }
        }

        if (!(gamma > 0)) { return 1; }
        return Math.Clamp((pi - rho) / gamma / rows, 0, 1);
    }

    private static double Val(double x) => double.IsFinite(x) ? x : 0;
}
