namespace Kosmo.Models.Meta;

/// <summary>The outer update of <see cref="MetaLearner.Train"/>.</summary>
public enum MetaAlgorithm
{
    /// <summary>First-order MAML: the outer gradient is the query-loss gradient at the adapted weights, averaged over the meta-batch, applied by Adam.</summary>
    Fomaml,

    /// <summary>Reptile: θ ← θ + ε·mean(θ′ − θ) over the meta-batch's adapted weights θ′.</summary>
    Reptile,
}
