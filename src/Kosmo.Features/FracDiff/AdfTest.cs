using MathNet.Numerics.Distributions;

namespace Kosmo.Features.FracDiff;

/// <summary>
/// Augmented Dickey–Fuller unit-root test with a constant. Regression on rows t = p+1..n−1:
/// Δy_t = α + γ y_{t−1} + Σ_{i=1..p} β_i Δy_{t−i}; statistic = γ̂ / se(γ̂) with σ² = SSR/(m − k).
/// Lag selection by AIC (m ln(SSR/m) + 2k) over p = 0..maxlag on the common sample t = maxlag+1..n−1, then
/// the regression is re-run with the chosen p on all its rows (the statsmodels <c>adfuller(autolag="AIC")</c> recipe).
/// </summary>
public static class AdfTest
{
    /// <summary>Runs the test on y (length n, no NaN).</summary>
    /// <param name="y">Series.</param>
    /// <param name="maxLag">Maximum lag; default 12·(n/100)^¼ (Schwert).</param>
    /// <param name="autoLag">Select the lag by AIC; false uses exactly <paramref name="maxLag"/>.</param>
    /// <exception cref="ArgumentException">Fewer than 20 observations, or NaN in y.</exception>
    public static AdfResult Run(ReadOnlySpan<double> y, int? maxLag = null, bool autoLag = true)
    {
        var n = y.Length;
        if (n < 20)
        {
            throw new ArgumentException($"ADF needs at least 20 observations, got {n}.", nameof(y));
        }

        foreach (var v in y)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("ADF input contains NaN or infinity.", nameof(y));
            }
        }

        var max = Math.Min(maxLag ?? (int)Math.Ceiling(12 * Math.Pow(n / 100.0, 0.25)), n / 2 - 3);
        max = Math.Max(max, 0);
        var lag = max;
        if (autoLag)
        {
            var best = double.PositiveInfinity;
            for (var p = 0; p <= max; p++)
            {
                var fit = Regress(y, p, max + 1);
                var aic = fit.Rows * Math.Log(fit.Ssr / fit.Rows) + 2 * (p + 2);
                if (aic < best)
                {
                    best = aic;
                    lag = p;
                }
            }
        }

        var final = Regress(y, lag, lag + 1);
        var m = final.Rows;
        var stat = final.Gamma / final.GammaSe;
        return new AdfResult(stat, PValue(stat), lag, m, Critical(m, 0), Critical(m, 1), Critical(m, 2));
    }

    /// <summary>MacKinnon (2010) critical value (constant, one series) for level 0 = 1%, 1 = 5%, 2 = 10%.</summary>
    public static double Critical(int observations, int level)
    {
        double[][] table =
        [
            [-3.43035, -6.5393, -16.786, -79.433],
            [-2.86154, -2.8903, -4.234, -40.040],
            [-2.56677, -1.5384, -2.809, 0],
        ];
        var b = table[level];
        var inv = 1.0 / observations;
        return b[0] + b[1] * inv + b[2] * inv * inv + b[3] * inv * inv * inv;
    }

    /// <summary>MacKinnon (1994) approximate asymptotic p-value of an ADF statistic (constant, one series).</summary>
    public static double PValue(double statistic)
    {
        if (statistic > 2.74)
        {
            return 1.0;
        }

        if (statistic < -18.83)
        {
            return 0.0;
        }

        var z = statistic <= -1.61
            ? 2.1659 + 1.4412 * statistic + 0.038269 * statistic * statistic
            : 1.7339 + 0.93202 * statistic - 0.12745 * statistic * statistic - 0.010368 * statistic * statistic * statistic;
        return Normal.CDF(0, 1, z);
    }

    private static (double Gamma, double GammaSe, double Ssr, int Rows) Regress(ReadOnlySpan<double> y, int p, int firstRow)
    {
        var n = y.Length;
        var k = p + 2;
        var rows = n - firstRow;
        var xtx = new double[k, k];
        var xty = new double[k];
        var x = new double[k];
        var dy = new double[n];
        for (var t = 1; t < n; t++)
        {
            dy[t] = y[t] - y[t - 1];
        }

        for (var t = firstRow; t < n; t++)
        {
            Row(y, dy, t, p, x);
            for (var a = 0; a < k; a++)
            {
                xty[a] += x[a] * dy[t];
                for (var b = 0; b < k; b++)
                {
                    xtx[a, b] += x[a] * x[b];
                }
            }
        }

        var inverse = Invert(xtx, k);
        var beta = new double[k];
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                beta[a] += inverse[a, b] * xty[b];
            }
        }

        double ssr = 0;
        for (var t = firstRow; t < n; t++)
        {
            Row(y, dy, t, p, x);
            var fitted = 0.0;
            for (var a = 0; a < k; a++)
            {
                fitted += beta[a] * x[a];
            }

            ssr += (dy[t] - fitted) * (dy[t] - fitted);
        }

        var sigma2 = ssr / (rows - k);
        return (beta[1], Math.Sqrt(sigma2 * inverse[1, 1]), ssr, rows);
    }

    private static void Row(ReadOnlySpan<double> y, double[] dy, int t, int p, double[] x)
    {
        x[0] = 1;
        x[1] = y[t - 1];
        for (var i = 1; i <= p; i++)
        {
            x[1 + i] = dy[t - i];
        }
    }

    private static double[,] Invert(double[,] a, int k)
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(a);
        return m.Inverse().ToArray();
    }
}
