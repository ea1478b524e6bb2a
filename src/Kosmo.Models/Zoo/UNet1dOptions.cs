namespace Kosmo.Models.Zoo;

/// <summary>Hyper-parameters of <see cref="UNet1dClassifier"/>.</summary>
/// <param name="Features">K, input features per day.</param>
/// <param name="Classes">C, output classes.</param>
/// <param name="BaseChannels">Channels of the first encoder block; doubled at every level down.</param>
/// <param name="Depth">Number of down-sampling levels D (each a max-pool by 2); the input is front-padded to a multiple of 2^D.</param>
/// <param name="Kernel">Odd conv kernel width ("same" padding).</param>
/// <param name="Dropout">Dropout before the head (training only).</param>
/// <param name="Statics">Static inputs concatenated before the head; null = none.</param>
/// <param name="Seed">Initialisation seed.</param>
public sealed record UNet1dOptions(int Features, int Classes = 3, int BaseChannels = 8, int Depth = 2, int Kernel = 3,
    float Dropout = 0.1f, StaticSpec? Statics = null, int Seed = 0);
