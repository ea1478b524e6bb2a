namespace Kosmo.Models.Zoo;

/// <summary>How <see cref="WaveletGroupClassifier"/> combines its per-group encodings.</summary>
public enum WaveletCombine
{
    /// <summary>Σ_g softmax(w)_g · h_g with one learned logit per group: (B, H).</summary>
    SoftmaxWeights,

    /// <summary>[h_1, ..., h_G]: (B, G·H).</summary>
    Concat,
}
