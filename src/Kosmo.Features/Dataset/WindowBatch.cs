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

    /// <summary>Sets <see cref="Count"/> (for batches filled by hand: benchmarks, tests).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [0, B].</exception>
    public void SetCount(int count) =>
        Count = count >= 0 && count <= BatchSize ? count : throw new ArgumentOutOfRangeException(nameof(count), $"Count {count} outside [0, {BatchSize}].");

    /// <summary>
    /// Copies rows [<paramref name="start"/>, start + <paramref name="count"/>) of every buffer into rows [0, count)
    /// of <paramref name="target"/> and sets its <see cref="Count"/> (a sub-batch, e.g. one data-parallel replica's).
    /// </summary>
    /// <exception cref="ArgumentException">The target's L, K, mask or static widths differ, or the rows do not fit.</exception>
    public void CopyRowsTo(int start, int count, WindowBatch target)
    {
        ArgumentNullException.ThrowIfNull(target);
        int s = CategoricalWidth, r = RealWidth;
        if (!target.HasLayoutOf(this))
        {
            throw new ArgumentException($"CopyRowsTo: target batch (L={target.Lookback}, K={target.FeatureCount}) does not have this batch's layout (L={Lookback}, K={FeatureCount}, {s} categoricals, {r} reals, mask {Mask is not null}).", nameof(target));
        }

        if (start < 0 || count < 0 || start + count > BatchSize || count > target.BatchSize)
        {
            throw new ArgumentException($"CopyRowsTo: rows [{start}, {start + count}) do not fit this batch (B={BatchSize}) or the target (B={target.BatchSize}).");
        }

        var row = Lookback * FeatureCount;
        X.AsSpan(start * row, count * row).CopyTo(target.X);
        Mask?.AsSpan(start * row, count * row).CopyTo(target.Mask);
        Labels.AsSpan(start, count).CopyTo(target.Labels);
        Weights.AsSpan(start, count).CopyTo(target.Weights);
        Categorical.AsSpan(start * s, count * s).CopyTo(target.Categorical);
        Reals.AsSpan(start * r, count * r).CopyTo(target.Reals);
        DateIndex.AsSpan(start, count).CopyTo(target.DateIndex);
        CodeIndex.AsSpan(start, count).CopyTo(target.CodeIndex);
        target.Count = count;
    }

    /// <summary>An empty batch of <paramref name="rows"/> rows with this batch's L, K, mask and static widths.</summary>
    public WindowBatch CreateLike(int rows) => new(rows, Lookback, FeatureCount, Mask is not null, CategoricalWidth, RealWidth);

    /// <summary>Whether this batch has <paramref name="other"/>'s L, K, mask and static widths (any B).</summary>
    public bool HasLayoutOf(WindowBatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Lookback == other.Lookback && FeatureCount == other.FeatureCount && (Mask is null) == (other.Mask is null)
            && Categorical.Length == BatchSize * other.CategoricalWidth && Reals.Length == BatchSize * other.RealWidth;
    }

    // Static categoricals and reals per row.
    private int CategoricalWidth => Categorical.Length / Math.Max(1, BatchSize);

    private int RealWidth => Reals.Length / Math.Max(1, BatchSize);

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
