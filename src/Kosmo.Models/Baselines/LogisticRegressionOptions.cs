namespace Kosmo.Models.Baselines;

/// <summary>Settings of <see cref="LogisticRegressionClassifier"/>.</summary>
/// <param name="L2">λ in the objective (penalty (λ/2)·Σ w² on standardised, non-intercept coefficients).</param>
/// <param name="BalanceClasses">Weight class k by Σw / (3 · Σ_{y=k} w) so each class carries a third of the loss.</param>
/// <param name="MaxIterations">Newton iterations at most.</param>
/// <param name="Tolerance">Stop when the largest absolute gradient entry is below this.</param>
/// <param name="Threads">Threads of the Hessian accumulation (the fit is bit-for-bit the same for any count).</param>
public sealed record LogisticRegressionOptions(double L2 = 1e-3, bool BalanceClasses = true, int MaxIterations = 100, double Tolerance = 1e-9, int Threads = 1);
