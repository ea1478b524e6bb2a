namespace Kosmo.Features.Regimes;

/// <summary>The outcome of an EM / Baum–Welch fit.</summary>
/// <typeparam name="TModel">The fitted model type.</typeparam>
/// <param name="Model">The best model over all restarts, states ordered by ascending total variance (trace of Σ).</param>
/// <param name="LogLikelihood">ln p(obs | Model).</param>
/// <param name="History">Log-likelihood of every iterate of the winning start (the initial parameters first, the returned model last); non-decreasing up to rounding.</param>
/// <param name="Iterations">EM iterations of the winning start.</param>
/// <param name="Converged">True when the winning start met the tolerance before MaxIterations.</param>
/// <param name="BestRestart">Index of the winning start.</param>
/// <param name="RestartLogLikelihoods">Final log-likelihood of every start.</param>
public sealed record GaussianFitResult<TModel>(
    TModel Model,
    double LogLikelihood,
    IReadOnlyList<double> History,
    int Iterations,
    bool Converged,
    int BestRestart,
    IReadOnlyList<double> RestartLogLikelihoods);
