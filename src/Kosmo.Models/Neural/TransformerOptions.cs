namespace Kosmo.Models.Neural;

/// <summary>Options of <see cref="TransformerClassifier"/>.</summary>
/// <param name="Features">K: features per day.</param>
/// <param name="ModelDim">D: model width (divisible by <paramref name="Heads"/>).</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="Layers">Pre-LN encoder blocks.</param>
/// <param name="FeedForwardDim">Inner width of each block's feed-forward network.</param>
/// <param name="Dropout">Dropout on embeddings, attention output and feed-forward output.</param>
/// <param name="Positions">Sinusoidal or learned positions.</param>
/// <param name="Pooling">Last position or mean.</param>
/// <param name="MaxLength">Longest window for learned positions.</param>
/// <param name="Classes">C.</param>
/// <param name="Seed">Initialisation seed.</param>
/// <param name="Statics">Static inputs (null = none).</param>
public sealed record TransformerOptions(
    int Features,
    int ModelDim = 64,
    int Heads = 4,
    int Layers = 2,
    int FeedForwardDim = 128,
    float Dropout = 0.1f,
    PositionEncoding Positions = PositionEncoding.Sinusoidal,
    SequencePooling Pooling = SequencePooling.Last,
    int MaxLength = 256,
    int Classes = 3,
    int Seed = 0,
    StaticInputSpec? Statics = null);
