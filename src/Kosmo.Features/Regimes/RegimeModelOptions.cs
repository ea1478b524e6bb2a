namespace Kosmo.Features.Regimes;

/// <summary>Settings of <see cref="RegimeModel.Fit(Kosmo.Core.Panel, Normalization.DateWindow, RegimeModelOptions?)"/>.</summary>
/// <param name="States">Number of regimes S (2–4 recommended).</param>
/// <param name="Covariance">Full or diagonal emission covariance.</param>
/// <param name="VarianceFloor">Variance floor in standardised units.</param>
/// <param name="Restarts">Seeded k-means++ starts.</param>
/// <param name="MaxIterations">Baum–Welch iterations per start.</param>
/// <param name="Seed">Seed of the starts.</param>
/// <param name="MinFiniteShare">A column is used only when at least this share of training dates has a finite value.</param>
/// <param name="Inputs">Subset of <see cref="RegimeObservations.AllNames"/> to use, or null for all.</param>
public sealed record RegimeModelOptions(
    int States = 3,
    CovarianceType Covariance = CovarianceType.Full,
    double VarianceFloor = 1e-3,
    int Restarts = 4,
    int MaxIterations = 200,
    int Seed = 20240101,
    double MinFiniteShare = 0.5,
    IReadOnlyList<string>? Inputs = null);
