namespace Kosmo.Models.Zoo;

/// <summary>Hyper-parameters of <see cref="RegimeExpertClassifier"/>.</summary>
/// <param name="Features">K, features per day (the regime columns are among them and are also encoded).</param>
/// <param name="RegimeColumns">Indices in X of regime_p0..regime_p{E−1}: one expert per column. They must hold raw
/// probabilities (not standardised); negative values are treated as 0.</param>
/// <param name="Classes">C, output classes.</param>
/// <param name="Hidden">H, LSTM hidden size and attention width.</param>
/// <param name="Heads">Attention heads per expert; must divide H.</param>
/// <param name="GateTemperature">T: gate = softmax(log p / T); T = 1 gives the normalised regime probabilities,
/// T → 0 the most likely regime only.</param>
/// <param name="Dropout">Dropout on the expert's attention output (training only).</param>
/// <param name="Statics">Static inputs concatenated into every expert head; null = none.</param>
/// <param name="Seed">Initialisation seed.</param>
public sealed record RegimeExpertOptions(int Features, int[] RegimeColumns, int Classes = 3, int Hidden = 32, int Heads = 4,
    float GateTemperature = 1f, float Dropout = 0.1f, StaticSpec? Statics = null, int Seed = 0);
