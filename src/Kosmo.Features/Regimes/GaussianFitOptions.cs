namespace Kosmo.Features.Regimes;

/// <summary>Settings for fitting a <see cref="GaussianHmm"/> (Baum–Welch) or a <see cref="GaussianMixture"/> (EM).</summary>
/// <param name="States">Number of hidden states / mixture components K (≥ 1; 2–4 for regimes).</param>
/// <param name="Covariance">Full or diagonal covariance per state.</param>
/// <param name="VarianceFloor">Added to the covariance diagonal (full) or lower bound of each variance (diagonal); in squared data units.</param>
/// <param name="Restarts">Independently seeded k-means++ starts; the fit with the highest log-likelihood wins.</param>
/// <param name="MaxIterations">EM iterations per start.</param>
/// <param name="Tolerance">Converged when the log-likelihood improves by less than Tolerance × N (N observations).</param>
/// <param name="Seed">Seed of the k-means++ draws (start r uses Seed + 7919·r).</param>
public sealed record GaussianFitOptions(
    int States = 3,
    CovarianceType Covariance = CovarianceType.Full,
    double VarianceFloor = 1e-4,
    int Restarts = 5,
    int MaxIterations = 300,
    double Tolerance = 1e-8,
    int Seed = 20240101)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for an invalid setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(States, 1, nameof(States));
        ArgumentOutOfRangeException.ThrowIfLessThan(Restarts, 1, nameof(Restarts));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfNegative(VarianceFloor, nameof(VarianceFloor));
        ArgumentOutOfRangeException.ThrowIfNegative(Tolerance, nameof(Tolerance));
    }
}
