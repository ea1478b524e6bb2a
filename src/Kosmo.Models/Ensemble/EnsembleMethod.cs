namespace Kosmo.Models.Ensemble;

/// <summary>How <see cref="EnsembleCombiner"/> weights its members (a linear pool of class probabilities).</summary>
public enum EnsembleMethod
{
    /// <summary>Every member the same weight (output model "ensemble_equal").</summary>
    Equal = 0,

    /// <summary>
    /// One weight per member from its validation log loss L_m: w ∝ exp(−β·(L_m − min L)) (default), or w ∝ 1/L_m
    /// with <see cref="EnsembleOptions.Reciprocal"/> (output "ensemble_invloss").
    /// </summary>
    InverseLogLoss = 1,

    /// <summary>
    /// Per-row weights from each member's predictive entropy H = −Σ p ln p on that row: w ∝ exp(−γ·H), so a
    /// confident member counts more on that row (output "ensemble_entropy").
    /// </summary>
    Entropy = 2,

    /// <summary>The single member with the lowest validation log loss (output "ensemble_best").</summary>
    BestSingle = 3,
}
