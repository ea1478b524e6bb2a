namespace Kosmo.Models.Neural;

/// <summary>Options of <see cref="MlpClassifier"/>.</summary>
/// <param name="Features">K: features per day.</param>
/// <param name="Hidden">Width of each hidden layer.</param>
/// <param name="Layers">Number of hidden layers (≥ 1).</param>
/// <param name="Dropout">Dropout after each hidden activation.</param>
/// <param name="Classes">C.</param>
/// <param name="Seed">Initialisation seed.</param>
/// <param name="Statics">Static inputs (null = none).</param>
public sealed record MlpOptions(int Features, int Hidden = 64, int Layers = 2, float Dropout = 0.1f, int Classes = 3, int Seed = 0, StaticInputSpec? Statics = null);
