namespace Kosmo.Features.Regimes;

/// <summary>
/// Multivariate Gaussian log densities with marginalisation over missing (NaN) dimensions, and the
/// covariance estimate with a variance floor shared by the HMM and the mixture.
/// </summary>
internal static class GaussianDensity
{
    private const double Log2Pi = 1.8378770664093453;

    /// <summary>
    /// ln N(x; mean, cov) over the finite dimensions of x (the marginal of a Gaussian is the sub-vector and
    /// sub-matrix). Returns 0 (density 1, no information) when no dimension is finite.
    /// </summary>
    /// <param name="x">Observation (D), NaN = missing.</param>
    /// <param name="mean">Mean (D).</param>
    /// <param name="cov">Covariance (D × D, row-major jagged).</param>
    /// <exception cref="InvalidOperationException">Covariance not positive definite.</exception>
    public static double LogPdf(ReadOnlySpan<double> x, double[] mean, double[][] cov)
    {
        var d = x.Length;
        Span<int> idx = stackalloc int[d];
        var m = 0;
        for (var j = 0; j < d; j++)
        {
            if (double.IsFinite(x[j]))
            {
                idx[m++] = j;
            }
        }

        if (m == 0)
        {
            return 0;
        }

        // Cholesky of the observed sub-matrix, then solve L z = (x − μ).
        Span<double> l = stackalloc double[m * m];
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var s = cov[idx[a]][idx[b]];
                for (var k = 0; k < b; k++)
                {
                    s -= l[a * m + k] * l[b * m + k];
                }

                if (a == b)
                {
                    if (!(s > 0))
                    {
                        throw new InvalidOperationException("Covariance matrix is not positive definite.");
                    }

                    l[a * m + a] = Math.Sqrt(s);
                }
                else
                {
                    l[a * m + b] = s / l[b * m + b];
                }
            }
        }

        Span<double> z = stackalloc double[m];
        double logDet = 0, quad = 0;
        for (var a = 0; a < m; a++)
        {
            var s = x[idx[a]] - mean[idx[a]];
            for (var k = 0; k < a; k++)
            {
                s -= l[a * m + k] * z[k];
            }

            z[a] = s / l[a * m + a];
            quad += z[a] * z[a];
            logDet += Math.Log(l[a * m + a]);
        }

        return -0.5 * (m * Log2Pi + quad) - logDet;
    }

    /// <summary>Same as <see cref="IsComplete"/>, for arrays (method-group friendly).</summary>
    public static bool IsCompleteRow(double[] x) => IsComplete(x);

    /// <summary>True when every dimension of x is finite (a row that may update means and covariances).</summary>
    public static bool IsComplete(ReadOnlySpan<double> x)
    {
        foreach (var v in x)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Weighted mean and covariance of the complete rows: w: (N), obs: (N, D). The floor is applied as
    /// Σ + floor·I for <see cref="CovarianceType.Full"/> and max(σ², floor) for <see cref="CovarianceType.Diagonal"/>.
    /// With zero total weight the mean is 0 and the covariance the identity (a state that lost all mass).
    /// </summary>
    public static (double[] Mean, double[][] Cov) WeightedMoments(
        IReadOnlyList<double[]> obs, ReadOnlySpan<double> w, CovarianceType type, double floor)
    {
        var d = obs[0].Length;
        var mean = new double[d];
        var cov = new double[d][];
        for (var a = 0; a < d; a++)
        {
            cov[a] = new double[d];
        }

        double total = 0;
        for (var t = 0; t < obs.Count; t++)
        {
            if (w[t] <= 0 || !IsComplete(obs[t]))
            {
                continue;
            }

            total += w[t];
            for (var a = 0; a < d; a++)
            {
                mean[a] += w[t] * obs[t][a];
            }
        }

        if (!(total > 1e-300))
        {
            Array.Clear(mean);
            for (var a = 0; a < d; a++)
            {
                cov[a][a] = 1;
            }

            return (mean, cov);
        }

        for (var a = 0; a < d; a++)
        {
            mean[a] /= total;
        }

        for (var t = 0; t < obs.Count; t++)
        {
            if (w[t] <= 0 || !IsComplete(obs[t]))
            {
                continue;
            }

            for (var a = 0; a < d; a++)
            {
                var da = obs[t][a] - mean[a];
                for (var b = 0; b <= a; b++)
                {
                    cov[a][b] += w[t] * da * (obs[t][b] - mean[b]);
                }
            }
        }

        for (var a = 0; a < d; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var v = cov[a][b] / total;
                if (type == CovarianceType.Diagonal && a != b)
                {
                    v = 0;
                }

                cov[a][b] = v;
                cov[b][a] = v;
            }

            cov[a][a] = type == CovarianceType.Full ? cov[a][a] + floor : Math.Max(cov[a][a], floor);
        }

        return (mean, cov);
    }

    /// <summary>ln Σ exp(v) without overflow; −∞ for an all −∞ input.</summary>
    public static double LogSumExp(ReadOnlySpan<double> v)
    {
        var max = double.NegativeInfinity;
        foreach (var x in v)
        {
            max = Math.Max(max, x);
        }

        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        double s = 0;
        foreach (var x in v)
        {
            s += Math.Exp(x - max);
        }

        return max + Math.Log(s);
    }
}
