namespace Kosmo.Models.Zoo;

/// <summary>Hyper-parameters of <see cref="CnnLstmClassifier"/>.</summary>
/// <param name="Features">K, input features per day (the conv's input channels).</param>
/// <param name="Classes">C, output classes.</param>
/// <param name="Channels">Conv output channels.</param>
/// <param name="Kernel">Conv kernel width (odd); padding (Kernel − 1)/2 keeps the length.</param>
/// <param name="Pool">Max-pool width and stride after the ReLU; 1 = no pooling.</param>
/// <param name="Hidden">LSTM hidden size H.</param>
/// <param name="Dropout">Dropout before the head (training only).</param>
/// <param name="Statics">Static inputs concatenated before the head; null = none.</param>
/// <param name="Seed">Initialisation seed.</param>
public sealed record CnnLstmOptions(int Features, int Classes = 3, int Channels = 16, int Kernel = 3, int Pool = 1, int Hidden = 32,
    float Dropout = 0.1f, StaticSpec? Statics = null, int Seed = 0);
