namespace Kosmo.Features.Regimes;

/// <summary>
/// A hidden Markov model with multivariate Gaussian emissions: initial distribution π (S), transition matrix
/// A (S × S, rows sum to 1, A[i][j] = P(s_t = j | s_{t−1} = i)), means μ (S × D) and covariances Σ (S × D × D).
/// Observations are (T, D) arrays; a NaN dimension is marginalised out (a row with no finite value carries no
/// information and only propagates the chain). Inference: <see cref="FilteredProbabilities"/> (causal forward
/// pass, the only one to use for features), <see cref="SmoothedProbabilities"/> (forward–backward, offline
/// analysis only: it reads the future), <see cref="Viterbi"/> and <see cref="LogLikelihood"/>.
/// Immutable; fit with <see cref="GaussianHmmTrainer.Fit"/>.
/// </summary>
public sealed class GaussianHmm
{
    /// <summary>Creates a model from parameters (copied).</summary>
    /// <exception cref="ArgumentException">Inconsistent shapes, rows not summing to 1 (±1e-6) or negative probabilities.</exception>
    public GaussianHmm(double[] initial, double[][] transition, double[][] means, double[][][] covariances)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(covariances);
        var s = initial.Length;
        if (s == 0 || transition.Length != s || means.Length != s || covariances.Length != s)
        {
            throw new ArgumentException($"State count mismatch: π {s}, A {transition.Length}, μ {means.Length}, Σ {covariances.Length}.");
        }

        var d = means[0].Length;
        CheckDistribution(initial, "initial");
        for (var i = 0; i < s; i++)
        {
            if (transition[i].Length != s)
            {
                throw new ArgumentException($"Transition row {i} has {transition[i].Length} entries, expected {s}.");
            }

            CheckDistribution(transition[i], $"transition row {i}");
            if (means[i].Length != d || covariances[i].Length != d || covariances[i].Any(r => r.Length != d))
            {
                throw new ArgumentException($"State {i}: mean/covariance dimension differs from {d}.");
            }
        }

        Initial = (double[])initial.Clone();
        Transition = transition.Select(r => (double[])r.Clone()).ToArray();
        Means = means.Select(r => (double[])r.Clone()).ToArray();
        Covariances = covariances.Select(c => c.Select(r => (double[])r.Clone()).ToArray()).ToArray();
    }

    /// <summary>Number of states S.</summary>
    public int StateCount => Initial.Length;

    /// <summary>Observation dimension D.</summary>
    public int Dimension => Means[0].Length;

    /// <summary>Initial distribution π (S). Do not mutate.</summary>
    public double[] Initial { get; }

    /// <summary>Transition matrix A (S × S). Do not mutate.</summary>
    public double[][] Transition { get; }

    /// <summary>Emission means μ (S × D). Do not mutate.</summary>
    public double[][] Means { get; }

    /// <summary>Emission covariances Σ (S × D × D). Do not mutate.</summary>
    public double[][][] Covariances { get; }

    /// <summary>ln p(obs_1..T) by the scaled forward pass. obs: (T, D).</summary>
    public double LogLikelihood(IReadOnlyList<double[]> obs) => Forward(obs).LogLikelihood;

    /// <summary>
    /// Causal filtered probabilities P(s_t | obs_1..t): (T, S), each row sums to 1. Row t depends only on rows
    /// 0..t of obs (a forward pass), so it is safe as a feature at date t.
    /// </summary>
    public double[][] FilteredProbabilities(IReadOnlyList<double[]> obs) => Forward(obs).Alpha;

    /// <summary>
    /// Smoothed probabilities P(s_t | obs_1..T): (T, S). Reads the whole sequence, i.e. the future of t:
    /// for offline analysis and Baum–Welch only, never as a feature.
    /// </summary>
    public double[][] SmoothedProbabilities(IReadOnlyList<double[]> obs)
    {
        var f = Forward(obs);
        var beta = Backward(f);
        var gamma = new double[obs.Count][];
        for (var t = 0; t < obs.Count; t++)
        {
            gamma[t] = new double[StateCount];
            double z = 0;
            for (var i = 0; i < StateCount; i++)
            {
                gamma[t][i] = f.Alpha[t][i] * beta[t][i];
                z += gamma[t][i];
            }

            for (var i = 0; i < StateCount; i++)
            {
                gamma[t][i] /= z;
            }
        }

        return gamma;
    }

    /// <summary>Most likely state path (T) by the Viterbi algorithm in log space; ties go to the lower state.</summary>
    public int[] Viterbi(IReadOnlyList<double[]> obs)
    {
        ArgumentNullException.ThrowIfNull(obs);
        var n = obs.Count;
        var s = StateCount;
        var path = new int[n];
        if (n == 0)
        {
            return path;
        }

        var logA = Transition.Select(r => r.Select(v => Math.Log(v)).ToArray()).ToArray();
        var delta = new double[s];
        var next = new double[s];
        var back = new int[n][];
        for (var i = 0; i < s; i++)
        {
            delta[i] = Math.Log(Initial[i]) + GaussianDensity.LogPdf(obs[0], Means[i], Covariances[i]);
        }

        for (var t = 1; t < n; t++)
        {
            back[t] = new int[s];
            for (var j = 0; j < s; j++)
            {
                var best = double.NegativeInfinity;
                var arg = 0;
                for (var i = 0; i < s; i++)
                {
                    var v = delta[i] + logA[i][j];
                    if (v > best)
                    {
                        best = v;
                        arg = i;
                    }
                }

                next[j] = best + GaussianDensity.LogPdf(obs[t], Means[j], Covariances[j]);
                back[t][j] = arg;
            }

            (delta, next) = (next, delta);
        }

        var last = 0;
        for (var i = 1; i < s; i++)
        {
            if (delta[i] > delta[last])
            {
                last = i;
            }
        }

        path[n - 1] = last;
        for (var t = n - 1; t > 0; t--)
        {
            path[t - 1] = back[t][path[t]];
        }

        return path;
    }

    /// <summary>The same model with states renumbered: new state k is old state <paramref name="order"/>[k].</summary>
    /// <exception cref="ArgumentException">order is not a permutation of 0..S−1.</exception>
    public GaussianHmm Permute(IReadOnlyList<int> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Count != StateCount || order.Distinct().Count() != StateCount || order.Any(o => o < 0 || o >= StateCount))
        {
            throw new ArgumentException("order must be a permutation of the states.", nameof(order));
        }

        return new GaussianHmm(
            order.Select(o => Initial[o]).ToArray(),
            order.Select(o => order.Select(p => Transition[o][p]).ToArray()).ToArray(),
            order.Select(o => Means[o]).ToArray(),
            order.Select(o => Covariances[o]).ToArray());
    }

    /// <summary>The model with states sorted by ascending key (stable: ties keep their order). keys: (S).</summary>
    public GaussianHmm OrderBy(IReadOnlyList<double> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Permute(Enumerable.Range(0, StateCount).OrderBy(i => keys[i]).ToArray());
    }

    /// <summary>Trace of each state's covariance (S): the default "volatility" ordering key.</summary>
    public double[] TotalVariances() => Covariances.Select(c => Enumerable.Range(0, c.Length).Sum(a => c[a][a])).ToArray();

    /// <summary>One scaled forward pass: filtered α̂ (T, S), scaled emissions, scale factors and ln p(obs).</summary>
    internal ForwardPass Forward(IReadOnlyList<double[]> obs)
    {
        ArgumentNullException.ThrowIfNull(obs);
        var n = obs.Count;
        var s = StateCount;
        var alpha = new double[n][];
        var b = new double[n][];
        var c = new double[n];
        var logB = new double[s];
        double ll = 0;
        for (var t = 0; t < n; t++)
        {
            if (obs[t].Length != Dimension)
            {
                throw new ArgumentException($"Observation row {t} has {obs[t].Length} values, expected {Dimension}.", nameof(obs));
            }

            var max = double.NegativeInfinity;
            for (var j = 0; j < s; j++)
            {
                logB[j] = GaussianDensity.LogPdf(obs[t], Means[j], Covariances[j]);
                max = Math.Max(max, logB[j]);
            }

            b[t] = new double[s];
            alpha[t] = new double[s];
            double z = 0;
            for (var j = 0; j < s; j++)
            {
                b[t][j] = Math.Exp(logB[j] - max);
                double pred;
                if (t == 0)
                {
                    pred = Initial[j];
                }
                else
                {
                    pred = 0;
                    for (var i = 0; i < s; i++)
                    {
                        pred += alpha[t - 1][i] * Transition[i][j];
                    }
                }

                alpha[t][j] = pred * b[t][j];
                z += alpha[t][j];
            }

            if (!(z > 0))
            {
                throw new InvalidOperationException($"Observation {t} has zero probability under every reachable state.");
            }

            for (var j = 0; j < s; j++)
            {
                alpha[t][j] /= z;
            }

            c[t] = z;
            ll += Math.Log(z) + max;
        }

        return new ForwardPass(alpha, b, c, ll);
    }

    /// <summary>Scaled backward variables β̂ (T, S) matching a forward pass (γ ∝ α̂·β̂).</summary>
    internal double[][] Backward(ForwardPass f)
    {
        var n = f.Alpha.Length;
        var s = StateCount;
        var beta = new double[n][];
        if (n == 0)
        {
            return beta;
        }

        beta[n - 1] = Enumerable.Repeat(1.0, s).ToArray();
        for (var t = n - 2; t >= 0; t--)
        {
            beta[t] = new double[s];
            for (var i = 0; i < s; i++)
            {
                double v = 0;
                for (var j = 0; j < s; j++)
                {
                    v += Transition[i][j] * f.B[t + 1][j] * beta[t + 1][j];
                }

                beta[t][i] = v / f.C[t + 1];
            }
        }

        return beta;
    }

    private static void CheckDistribution(double[] p, string what)
    {
        if (p.Any(v => !(v >= 0)) || Math.Abs(p.Sum() - 1) > 1e-6)
        {
            throw new ArgumentException($"The {what} probabilities must be non-negative and sum to 1.");
        }
    }

    /// <summary>Forward pass results: α̂ (T, S), emissions scaled by their per-row max (T, S), scale factors (T), ln p(obs).</summary>
    internal sealed record ForwardPass(double[][] Alpha, double[][] B, double[] C, double LogLikelihood);
}
