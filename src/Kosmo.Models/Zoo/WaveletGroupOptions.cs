namespace Kosmo.Models.Zoo;

/// <summary>Hyper-parameters of <see cref="WaveletGroupClassifier"/>.</summary>
/// <param name="Features">K, features per day.</param>
/// <param name="Groups">Feature indices of each wavelet component group, e.g. [[d1 columns], [d2 columns], ..., [s4 columns]];
/// each group gets its own encoder. Indices must lie in [0, K); a column may appear in several groups.</param>
/// <param name="Classes">C, output classes.</param>
/// <param name="Hidden">H, hidden size of each group's LSTM.</param>
/// <param name="Combine">Softmax-weighted sum or concatenation of the group encodings.</param>
/// <param name="Dropout">Dropout before the head (training only).</param>
/// <param name="Statics">Static inputs concatenated before the head; null = none.</param>
/// <param name="Seed">Initialisation seed.</param>
public sealed record WaveletGroupOptions(int Features, int[][] Groups, int Classes = 3, int Hidden = 16,
    WaveletCombine Combine = WaveletCombine.SoftmaxWeights, float Dropout = 0.1f, StaticSpec? Statics = null, int Seed = 0);
