namespace Kosmo.Models.Tft;

/// <summary>
/// Configuration of a <see cref="TftLite"/> (the constructor arguments of the reference TFTLite plus the seed).
/// </summary>
/// <param name="Reals">K time-varying reals per day.</param>
/// <param name="StaticCardinalities">Cardinality of each static categorical (S entries).</param>
/// <param name="StaticReals">R static reals.</param>
/// <param name="Hidden">D, the hidden size (a multiple of <paramref name="Heads"/>).</param>
/// <param name="Heads">H attention heads.</param>
/// <param name="Classes">C output classes (3 = down/flat/up, or 4 slope classes).</param>
/// <param name="Dropout">Dropout probability in the GRNs and after the attention softmax (training only).</param>
/// <param name="Seed">Seed of the parameter initialisation.</param>
/// <param name="Name">Model name in predictions.csv / metrics.json.</param>
public sealed record TftLiteOptions(
    int Reals,
    IReadOnlyList<int> StaticCardinalities,
    int StaticReals,
    int Hidden = 64,
    int Heads = 4,
    int Classes = 3,
    float Dropout = 0.1f,
    int Seed = 0,
    string Name = "tft_lite")
{
    /// <summary>S + R, the number of static variables.</summary>
    public int StaticCount => StaticCardinalities.Count + StaticReals;

    /// <summary>Checks the sizes.</summary>
    /// <exception cref="ArgumentException">A size is not positive, there is no static variable, D is not a multiple of H,
    /// fewer than 2 classes, or dropout outside [0, 1).</exception>
    public void Validate()
    {
        if (Reals <= 0 || Hidden <= 0 || Heads <= 0 || StaticReals < 0 || Classes < 2)
        {
            throw new ArgumentException($"TftLiteOptions: need K > 0, D > 0, H > 0, R >= 0, C >= 2; got K={Reals}, D={Hidden}, H={Heads}, R={StaticReals}, C={Classes}.");
        }

        if (Hidden % Heads != 0)
        {
            throw new ArgumentException($"TftLiteOptions: hidden size {Hidden} is not a multiple of the heads {Heads}.");
        }

        if (StaticCount == 0 || StaticCardinalities.Any(c => c <= 0))
        {
            throw new ArgumentException("TftLiteOptions: TFT-Lite needs at least one static variable and positive cardinalities.");
        }

        if (Dropout is < 0f or >= 1f)
        {
            throw new ArgumentException($"TftLiteOptions: dropout {Dropout} outside [0, 1).");
        }
    }
}
