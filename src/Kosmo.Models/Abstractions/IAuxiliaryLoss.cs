using Kosmo.Tensors;

namespace Kosmo.Models.Abstractions;

/// <summary>
/// Implemented by a <see cref="ISequenceClassifier"/> whose training objective has a term besides the
/// classification loss (e.g. a VAE's reconstruction + KL term). The trainer adds it to the weighted
/// cross-entropy after each training forward pass.
/// </summary>
public interface IAuxiliaryLoss
{
    /// <summary>The scalar auxiliary loss of the most recent training forward pass (already weighted), or null.</summary>
    Tensor? AuxiliaryLoss { get; }
}
