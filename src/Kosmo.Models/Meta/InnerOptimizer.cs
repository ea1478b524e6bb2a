namespace Kosmo.Models.Meta;

/// <summary>Optimiser of the inner (adaptation) loop; a fresh one is created per task, so Adam starts from zero moments.</summary>
public enum InnerOptimizer
{
    /// <summary>Plain SGD, θ ← θ − α·g.</summary>
    Sgd,

    /// <summary>Adam (PyTorch semantics, no weight decay).</summary>
    Adam,
}
