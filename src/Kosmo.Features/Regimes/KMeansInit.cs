namespace Kosmo.Features.Regimes;

/// <summary>
/// k-means++ seeding (Arthur &amp; Vassilvitskii 2007) followed by a few Lloyd iterations on the complete rows:
/// the starting means, covariances and weights for EM / Baum–Welch.
/// </summary>
internal static class KMeansInit
{
    /// <summary>
    /// Initial (means (K, D), covariances (K, D, D), weights (K)) from the complete rows of obs (N, D).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer complete rows than K.</exception>
    public static (double[][] Means, double[][][] Covs, double[] Weights) Run(
        IReadOnlyList<double[]> obs, int k, Random rng, CovarianceType type, double floor, int lloydIterations = 10)
    {
        var rows = obs.Where(GaussianDensity.IsCompleteRow).ToList();
        if (rows.Count < k)
        {
            throw new ArgumentException($"Need at least {k} complete observation rows, got {rows.Count}.", nameof(obs));
        }

        var d = rows[0].Length;
        var centres = new double[k][];
        centres[0] = (double[])rows[rng.Next(rows.Count)].Clone();
        var dist = new double[rows.Count];
        for (var c = 1; c < k; c++)
        {
            double total = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                var best = double.PositiveInfinity;
                for (var j = 0; j < c; j++)
                {
                    best = Math.Min(best, Sq(rows[i], centres[j]));
                }

                dist[i] = best;
                total += best;
            }

            var u = rng.NextDouble() * total;
            var pick = rows.Count - 1;
            double acc = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                acc += dist[i];
                if (acc >= u && dist[i] > 0)
                {
                    pick = i;
                    break;
                }
            }

            centres[c] = (double[])rows[pick].Clone();
        }

        var assign = new int[rows.Count];
        for (var iter = 0; iter < lloydIterations; iter++)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var best = 0;
                var bestD = double.PositiveInfinity;
                for (var j = 0; j < k; j++)
                {
                    var dd = Sq(rows[i], centres[j]);
                    if (dd < bestD)
                    {
                        bestD = dd;
                        best = j;
                    }
                }

                assign[i] = best;
            }

            for (var j = 0; j < k; j++)
            {
                var n = 0;
                var sum = new double[d];
                for (var i = 0; i < rows.Count; i++)
                {
                    if (assign[i] == j)
                    {
                        n++;
                        for (var a = 0; a < d; a++)
                        {
                            sum[a] += rows[i][a];
                        }
                    }
                }

                if (n > 0)
                {
                    for (var a = 0; a < d; a++)
                    {
                        centres[j][a] = sum[a] / n;
                    }
                }
            }
        }

        var means = new double[k][];
        var covs = new double[k][][];
        var weights = new double[k];
        var global = GaussianDensity.WeightedMoments(rows, Enumerable.Repeat(1.0, rows.Count).ToArray(), type, floor);
        for (var j = 0; j < k; j++)
        {
            var w = new double[rows.Count];
            var n = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                if (assign[i] == j)
                {
                    w[i] = 1;
                    n++;
                }
            }

            weights[j] = (n + 1.0) / (rows.Count + k);
            means[j] = centres[j];
            covs[j] = n > d ? GaussianDensity.WeightedMoments(rows, w, type, floor).Cov : global.Cov.Select(r => (double[])r.Clone()).ToArray();
        }

        return (means, covs, weights);
    }

    private static double Sq(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i] - b[i];
            s += x * x;
        }

        return s;
    }
}
