namespace Kosmo.Models.Neural;

/// <summary>How <see cref="TransformerClassifier"/> encodes positions.</summary>
public enum PositionEncoding
{
    /// <summary>Fixed sinusoids (Vaswani et al. 2017).</summary>
    Sinusoidal,

    /// <summary>A learned (MaxLength, D) table, N(0, 0.02) initialised.</summary>
    Learned,
}
