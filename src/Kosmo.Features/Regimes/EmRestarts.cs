namespace Kosmo.Features.Regimes;

/// <summary>
/// The seeded-restart EM driver shared by the Gaussian HMM (Baum–Welch) and the Gaussian mixture: restart r draws its
/// start from <c>new Random(seed + 7919·r)</c>, iterates until the log-likelihood gain per observation falls below the
/// tolerance (or the iteration cap), and the restart with the highest final log-likelihood wins.
/// </summary>
internal static class EmRestarts
{
    /// <param name="count">Number of observations (for the per-observation tolerance).</param>
    /// <param name="options">Restarts, iterations, tolerance and seed.</param>
    /// <param name="init">Start model of a restart from its random generator.</param>
    /// <param name="step">One EM iteration: the next model and the log-likelihood of the model passed in.</param>
    /// <param name="logLikelihood">Final log-likelihood of a model.</param>
    public static GaussianFitResult<T> Run<T>(int count, GaussianFitOptions options, Func<Random, T> init, Func<T, (T Next, double LogLikelihood)> step, Func<T, double> logLikelihood)
    {
        GaussianFitResult<T>? best = null;
        var finals = new double[options.Restarts];
        for (var r = 0; r < options.Restarts; r++)
        {
            var model = init(new Random(unchecked(options.Seed + 7919 * r)));
            var history = new List<double>();
            var converged = false;
            var iterations = 0;
            for (var it = 0; it < options.MaxIterations; it++)
            {
                var (next, ll) = step(model);
                history.Add(ll);
                iterations++;
                model = next;
                if (history.Count >= 2 && history[^1] - history[^2] < options.Tolerance * count)
                {
                    converged = true;
                    break;
                }
            }

            var final = logLikelihood(model);
            history.Add(final);
            finals[r] = final;
            if (best is null || final > best.LogLikelihood)
            {
                best = new GaussianFitResult<T>(model, final, history, iterations, converged, r, finals);
            }
        }

        return best! with { RestartLogLikelihoods = finals };
    }
}
