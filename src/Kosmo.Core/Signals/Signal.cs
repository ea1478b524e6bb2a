namespace Kosmo.Core;

/// <summary>One prediction: class probabilities for one stock, formed at the close of <see cref="Date"/>.</summary>
/// <param name="Date">The signal date t; orders act on t+1 at the earliest.</param>
/// <param name="Code">Stock code.</param>
/// <param name="PDown">Probability of the down class.</param>
/// <param name="PFlat">Probability of the flat class.</param>
/// <param name="PUp">Probability of the up class.</param>
public readonly record struct Signal(DateOnly Date, string Code, float PDown, float PFlat, float PUp)
{
    /// <summary>The ranking score P(up) − P(down).</summary>
    public float Score => PUp - PDown;
}
