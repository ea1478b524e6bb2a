namespace Kosmo.Features.Dataset;

/// <summary>
/// Reusable buffers of one minibatch, sized for B samples. Only the first <see cref="Count"/> rows are valid.
/// </summary>
public sealed class WindowBatch
{
    /// <summary>Allocates buffers.</summary>
    /// <param name="batchSize">B.</param>
    /// <param name="lookback">L.</param>
    /// <param name="features">K.</param>
    /// <param name="mask">Allocate the missing mask.</param>
    /// <param name="categorical">C.</param>
    /// <param name="reals">R.</param>
    public WindowBatch(int batchSize, int lookback, int features, bool mask, int categorical, int reals)
    {
        BatchSize = batchSize;
        Lookback = lookback;
        FeatureCount = features;
        X = new float[batchSize * lookback * features];
        Mask = mask ? new float[batchSize * lookback * features] : null;
        Labels = new int[batchSize];
        Weights = new float[batchSize];
        Categorical = new int[batchSize * categorical];
        Reals = new float[batchSize * reals];
        DateIndex = new int[batchSize];
        CodeIndex = new int[batchSize];
    }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>L.</summary>
    public int Lookback { get; }

    /// <summary>K.</summary>
    public int FeatureCount { get; }

    /// <summary>Valid rows in this batch (≤ B).</summary>
    public int Count { get; internal set; }

    /// <summary>Feature windows, x: (B, L, K) row-major, NaN replaced by 0; row l = date t - L + 1 + l.</summary>
    public float[] X { get; }

    /// <summary>Missing mask (B, L, K): 1 where X was NaN; null when not requested.</summary>
    public float[]? Mask { get; }

    /// <summary>Class labels (B).</summary>
    public int[] Labels { get; }

    /// <summary>Sample weights (B).</summary>
    public float[] Weights { get; }

    /// <summary>Static categorical indices (B, C).</summary>
    public int[] Categorical { get; }

    /// <summary>Static reals (B, R).</summary>
    public float[] Reals { get; }

    /// <summary>Date index t of each row (B).</summary>
    public int[] DateIndex { get; }

    /// <summary>Code index of each row (B).</summary>
    public int[] CodeIndex { get; }
}
