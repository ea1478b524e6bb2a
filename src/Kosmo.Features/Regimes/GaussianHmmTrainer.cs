namespace Kosmo.Features.Regimes;

/// <summary>
/// Baum–Welch (EM) for <see cref="GaussianHmm"/> on one observation sequence, in scaled space (Rabiner 1989),
/// with several seeded k-means++ starts. Means and covariances are re-estimated from the complete rows only
/// (rows with a NaN still enter the forward–backward pass through their marginal density); π and A from all rows.
/// </summary>
public static class GaussianHmmTrainer
{
    /// <summary>
    /// Fits an S-state HMM to obs (T, D) and returns the best start, states ordered by ascending trace of Σ
    /// (state 0 = calmest).
    /// </summary>
    /// <exception cref="ArgumentException">Empty sequence, ragged rows or fewer complete rows than states.</exception>
    public static GaussianFitResult<GaussianHmm> Fit(IReadOnlyList<double[]> obs, GaussianFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(obs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (obs.Count == 0 || obs.Any(r => r.Length != obs[0].Length))
        {
            throw new ArgumentException("Observations must be a non-empty (T, D) array with equal-length rows.", nameof(obs));
        }

        var s = options.States;
        var best = EmRestarts.Run(
            obs.Count,
            options,
            rng =>
            {
                var (means, covs, weights) = KMeansInit.Run(obs, s, rng, options.Covariance, options.VarianceFloor);
                var stay = s == 1 ? 1.0 : 0.9;
                var transition = Enumerable.Range(0, s)
                    .Select(i => Enumerable.Range(0, s).Select(j => i == j ? stay : (1 - stay) / (s - 1)).ToArray()).ToArray();
                return new GaussianHmm(Normalise(weights), transition, means, covs);
            },
            model => Step(model, obs, options.Covariance, options.VarianceFloor),
            model => model.LogLikelihood(obs));
        return best with { Model = best.Model.OrderBy(best.Model.TotalVariances()) };
    }

    /// <summary>
    /// One Baum–Welch iteration: the E-step under <paramref name="model"/> and the M-step. Returns the updated
    /// model and ln p(obs | model) of the model passed in. obs: (T, D).
    /// </summary>
    public static (GaussianHmm Next, double LogLikelihood) Step(
        GaussianHmm model, IReadOnlyList<double[]> obs, CovarianceType covariance, double varianceFloor)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(obs);
        var s = model.StateCount;
        var n = obs.Count;
        var f = model.Forward(obs);
        var beta = model.Backward(f);
        var gamma = new double[s][];
        for (var i = 0; i < s; i++)
        {
            gamma[i] = new double[n];
        }

        for (var t = 0; t < n; t++)
        {
            double z = 0;
            for (var i = 0; i < s; i++)
            {
                z += f.Alpha[t][i] * beta[t][i];
            }

            for (var i = 0; i < s; i++)
            {
                gamma[i][t] = f.Alpha[t][i] * beta[t][i] / z;
            }
        }

        var xi = new double[s][];
        for (var i = 0; i < s; i++)
        {
            xi[i] = new double[s];
        }

        for (var t = 0; t + 1 < n; t++)
        {
            for (var i = 0; i < s; i++)
            {
                for (var j = 0; j < s; j++)
                {
                    xi[i][j] += f.Alpha[t][i] * model.Transition[i][j] * f.B[t + 1][j] * beta[t + 1][j] / f.C[t + 1];
                }
            }
        }

        var initial = Normalise(Enumerable.Range(0, s).Select(i => gamma[i][0]).ToArray());
        var transition = new double[s][];
        var means = new double[s][];
        var covs = new double[s][][];
        for (var i = 0; i < s; i++)
        {
            var row = xi[i].Sum();
            transition[i] = row > 0 ? xi[i].Select(v => v / row).ToArray() : (double[])model.Transition[i].Clone();
            (means[i], covs[i]) = GaussianDensity.WeightedMoments(obs, gamma[i], covariance, varianceFloor);
        }

        return (new GaussianHmm(initial, transition, means, covs), f.LogLikelihood);
    }

    private static double[] Normalise(double[] p)
    {
        var z = p.Sum();
        return p.Select(v => v / z).ToArray();
    }
}
