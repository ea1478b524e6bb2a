namespace Kosmo.Models.Training;

/// <summary>The validation quantity that early stopping watches.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>Validation loss (weighted cross-entropy, lower is better).</summary>
    ValidationLoss,

    /// <summary>Validation macro F1 over all classes (higher is better).</summary>
    MacroF1,
}
