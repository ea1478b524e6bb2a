namespace Kosmo.Models.Neural;

/// <summary>How <see cref="TransformerClassifier"/> turns the (B, L, D) sequence into one vector per sample.</summary>
public enum SequencePooling
{
    /// <summary>The last position (the sample date t).</summary>
    Last,

    /// <summary>The mean over all positions.</summary>
    Mean,
}
