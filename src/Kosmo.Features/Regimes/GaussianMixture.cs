namespace Kosmo.Features.Regimes;

/// <summary>
/// A Gaussian mixture: weights w (K, sum 1), means μ (K × D), covariances Σ (K × D × D). Fitted by EM with seeded
/// k-means++ starts (<see cref="Fit"/>); responsibilities by log-sum-exp. NaN dimensions are marginalised out in
/// the densities; only complete rows update means and covariances. Immutable.
/// </summary>
public sealed class GaussianMixture
{
    /// <summary>Creates a mixture from parameters (copied).</summary>
    /// <exception cref="ArgumentException">Inconsistent shapes or weights not a distribution.</exception>
    public GaussianMixture(double[] weights, double[][] means, double[][][] covariances)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(covariances);
        if (weights.Length == 0 || means.Length != weights.Length || covariances.Length != weights.Length)
        {
            throw new ArgumentException("Weights, means and covariances must have the same number K ≥ 1 of components.");
        }

        if (weights.Any(v => !(v >= 0)) || Math.Abs(weights.Sum() - 1) > 1e-6)
        {
            throw new ArgumentException("Mixture weights must be non-negative and sum to 1.", nameof(weights));
        }

        var d = means[0].Length;
        if (means.Any(m => m.Length != d) || covariances.Any(c => c.Length != d || c.Any(r => r.Length != d)))
        {
            throw new ArgumentException($"Every mean must have {d} values and every covariance be {d} × {d}.");
        }

        Weights = (double[])weights.Clone();
        Means = means.Select(r => (double[])r.Clone()).ToArray();
        Covariances = covariances.Select(c => c.Select(r => (double[])r.Clone()).ToArray()).ToArray();
    }

    /// <summary>Number of components K.</summary>
    public int ComponentCount => Weights.Length;

    /// <summary>Mixture weights (K). Do not mutate.</summary>
    public double[] Weights { get; }

    /// <summary>Component means (K × D). Do not mutate.</summary>
    public double[][] Means { get; }

    /// <summary>Component covariances (K × D × D). Do not mutate.</summary>
    public double[][][] Covariances { get; }

    /// <summary>Σ_n ln Σ_k w_k N(x_n; μ_k, Σ_k). obs: (N, D).</summary>
    public double LogLikelihood(IReadOnlyList<double[]> obs)
    {
        _ = Responsibilities(obs, out var ll);
        return ll;
    }

    /// <summary>Posterior component probabilities (N, K); each row sums to 1. Row n depends on x_n only.</summary>
    public double[][] Responsibilities(IReadOnlyList<double[]> obs) => Responsibilities(obs, out _);

    /// <summary>Most probable component per row (N).</summary>
    public int[] Predict(IReadOnlyList<double[]> obs) =>
        Responsibilities(obs).Select(r => Array.IndexOf(r, r.Max())).ToArray();

    /// <summary>The mixture with components sorted by ascending key (stable). keys: (K).</summary>
    public GaussianMixture OrderBy(IReadOnlyList<double> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var order = Enumerable.Range(0, ComponentCount).OrderBy(i => keys[i]).ToArray();
        return new GaussianMixture(order.Select(o => Weights[o]).ToArray(), order.Select(o => Means[o]).ToArray(), order.Select(o => Covariances[o]).ToArray());
    }

    /// <summary>Trace of each component's covariance (K).</summary>
    public double[] TotalVariances() => Covariances.Select(c => Enumerable.Range(0, c.Length).Sum(a => c[a][a])).ToArray();

    /// <summary>Fits a K-component mixture by EM; the best start, components ordered by ascending trace of Σ.</summary>
    /// <exception cref="ArgumentException">Empty or ragged obs, or fewer complete rows than components.</exception>
    public static GaussianFitResult<GaussianMixture> Fit(IReadOnlyList<double[]> obs, GaussianFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(obs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (obs.Count == 0 || obs.Any(r => r.Length != obs[0].Length))
        {
            throw new ArgumentException("Observations must be a non-empty (N, D) array with equal-length rows.", nameof(obs));
        }

        var best = EmRestarts.Run(
            obs.Count,
            options,
            rng =>
            {
                var (means, covs, weights) = KMeansInit.Run(obs, options.States, rng, options.Covariance, options.VarianceFloor);
                return new GaussianMixture(weights.Select(v => v / weights.Sum()).ToArray(), means, covs);
            },
            model => Step(model, obs, options.Covariance, options.VarianceFloor),
            model => model.LogLikelihood(obs));
        return best with { Model = best.Model.OrderBy(best.Model.TotalVariances()) };
    }

    /// <summary>One EM iteration: returns the updated mixture and the log-likelihood of the mixture passed in.</summary>
    public static (GaussianMixture Next, double LogLikelihood) Step(
        GaussianMixture model, IReadOnlyList<double[]> obs, CovarianceType covariance, double varianceFloor)
    {
        ArgumentNullException.ThrowIfNull(model);
        var resp = model.Responsibilities(obs, out var ll);
        var k = model.ComponentCount;
        var weights = new double[k];
        var means = new double[k][];
        var covs = new double[k][][];
        var w = new double[obs.Count];
        for (var j = 0; j < k; j++)
        {
            for (var n = 0; n < obs.Count; n++)
            {
                w[n] = resp[n][j];
            }

            weights[j] = w.Sum() / obs.Count;
            (means[j], covs[j]) = GaussianDensity.WeightedMoments(obs, w, covariance, varianceFloor);
        }

        var z = weights.Sum();
        return (new GaussianMixture(weights.Select(v => v / z).ToArray(), means, covs), ll);
    }

    private double[][] Responsibilities(IReadOnlyList<double[]> obs, out double logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(obs);
        var k = ComponentCount;
        var resp = new double[obs.Count][];
        var lp = new double[k];
        logLikelihood = 0;
        for (var n = 0; n < obs.Count; n++)
        {
            for (var j = 0; j < k; j++)
            {
                lp[j] = Math.Log(Weights[j]) + GaussianDensity.LogPdf(obs[n], Means[j], Covariances[j]);
            }

            var lse = GaussianDensity.LogSumExp(lp);
            logLikelihood += lse;
            resp[n] = lp.Select(v => Math.Exp(v - lse)).ToArray();
        }

        return resp;
    }
}
