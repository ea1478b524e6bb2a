namespace Kosmo.Models.Ensemble;

/// <summary>Settings of <see cref="EnsembleCombiner"/>.</summary>
/// <param name="Beta">β of w ∝ exp(−β·(L_m − min L)); a gap of 1/β in validation log loss divides the weight by e. β = 0 gives equal weights, β → ∞ the best single model.</param>
/// <param name="Reciprocal">Use w ∝ 1/L_m instead of the exponential rule.</param>
/// <param name="Gamma">γ of the entropy rule w ∝ exp(−γ·H) (H in nats, 0..ln 3).</param>
/// <param name="TemperatureScaling">Fit one temperature per member on the validation rows and apply it before weighting and combining.</param>
public sealed record EnsembleOptions(double Beta = 50, bool Reciprocal = false, double Gamma = 3, bool TemperatureScaling = true);
