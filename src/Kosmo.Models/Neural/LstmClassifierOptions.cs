namespace Kosmo.Models.Neural;

/// <summary>Options of <see cref="LstmClassifier"/>.</summary>
/// <param name="Features">K: features per day.</param>
/// <param name="Hidden">H: LSTM hidden size.</param>
/// <param name="Dropout">Dropout on the last hidden state.</param>
/// <param name="Classes">C.</param>
/// <param name="Seed">Initialisation seed.</param>
/// <param name="Statics">Static inputs (null = none).</param>
public sealed record LstmClassifierOptions(int Features, int Hidden = 64, float Dropout = 0.1f, int Classes = 3, int Seed = 0, StaticInputSpec? Statics = null);
