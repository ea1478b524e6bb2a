using Kosmo.Features.Labels;

namespace Kosmo.Features.Dataset;

/// <summary>
/// A lazy dataset over (date index t, code index i) samples of one split: draws minibatches of (B, L, K)
/// feature windows ending at t (inclusive) straight from the <see cref="FeatureCube"/>, with labels, weights and
/// static attributes, into reusable <see cref="WindowBatch"/> buffers. Memory: the kept sample list plus
/// B × L × K per batch buffer; no window is materialised ahead. Samples are dropped at construction when
/// unlabelled, when t - L + 1 &lt; 0 (insufficient lookback), when a sparse cube does not store the window, when the
/// weight is not finite and positive, or when more than <see cref="DatasetOptions.MaxMissingFraction"/> of the window is NaN; kept NaN become 0 (see
/// <see cref="WindowBatch.Mask"/>). The order of an epoch is a Fisher–Yates shuffle seeded by (Seed, epoch).
/// </summary>
public sealed class WindowDataset
{
    private readonly FeatureCube _cube;
    private readonly LabelSet _labels;
    private readonly float[]? _weights;
    private readonly StaticInputs? _statics;
    private readonly DatasetOptions _options;
    private readonly int[] _t;
    private readonly int[] _code;

    /// <summary>Creates the dataset and filters the samples.</summary>
    /// <param name="cube">Features (T × N × K).</param>
    /// <param name="labels">Labels on the same dates and codes.</param>
    /// <param name="samples">(date index, code index) of the split's samples, in a fixed order.</param>
    /// <param name="weights">Per-cell sample weights (T × N code-major, e.g. <see cref="Weights.LabelWeightSet.Combined"/>), or null for 1.</param>
    /// <param name="statics">Static attributes per code, or null.</param>
    /// <param name="options">Lookback, batch size, NaN rule, shuffle.</param>
    /// <exception cref="ArgumentException">Shapes of cube, labels, weights or statics disagree; L or B &lt; 1.</exception>
    public WindowDataset(FeatureCube cube, LabelSet labels, IReadOnlyList<(int T, int Code)> samples, float[]? weights, StaticInputs? statics, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Lookback, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        if (cube.Dates.Length != labels.DateCount || cube.Codes.Length != labels.CodeCount)
        {
            throw new ArgumentException($"Cube is {cube.Dates.Length} × {cube.Codes.Length} but labels are {labels.DateCount} × {labels.CodeCount}.", nameof(labels));
        }

        if (weights is not null && weights.Length != labels.Label.Length)
        {
            throw new ArgumentException($"weights must have T × N = {labels.Label.Length} cells, got {weights.Length}.", nameof(weights));
        }

        if (statics is not null && statics.CodeCount != cube.Codes.Length)
        {
            throw new ArgumentException($"Static inputs cover {statics.CodeCount} codes, the cube {cube.Codes.Length}.", nameof(statics));
        }

        _cube = cube;
        _labels = labels;
        _weights = weights;
        _statics = statics;
        _options = options;
        var kept = new List<(int T, int Code)>(samples.Count);
        foreach (var (t, i) in samples)
        {
            var reason = Check(t, i);
            if (reason is null)
            {
                kept.Add((t, i));
            }
            else
            {
                Excluded[reason] = Excluded.GetValueOrDefault(reason) + 1;
            }
        }

        _t = kept.Select(s => s.T).ToArray();
        _code = kept.Select(s => s.Code).ToArray();
    }

    /// <summary>Samples kept.</summary>
    public int Count => _t.Length;

    /// <summary>Batches per epoch: ceil(Count / B).</summary>
    public int BatchesPerEpoch => (Count + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>Samples dropped at construction, by reason ("no_label", "lookback", "too_nan", "weight", "out_of_range",
    /// "not_stored": a sparse cube does not store the whole window).</summary>
    public Dictionary<string, int> Excluded { get; } = new(StringComparer.Ordinal);

    /// <summary>The kept (date index, code index) sample at position j of the unshuffled order.</summary>
    public (int T, int Code) Sample(int j) => (_t[j], _code[j]);

    /// <summary>A batch buffer sized for this dataset (reuse it across calls).</summary>
    public WindowBatch CreateBatch() =>
        new(_options.BatchSize, _options.Lookback, _cube.FeatureCount, _options.MissingMask, _statics?.CategoricalCount ?? 0, _statics?.RealCount ?? 0);

    /// <summary>The order of samples in an epoch: a permutation of 0..Count-1 (identity when Shuffle is off).</summary>
    public int[] EpochOrder(int epoch)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        if (!_options.Shuffle)
        {
            return order;
        }

        var rng = new Random(unchecked((_options.Seed * 1_000_003) + epoch));
        for (var j = order.Length - 1; j > 0; j--)
        {
            var m = rng.Next(j + 1);
            (order[j], order[m]) = (order[m], order[j]);
        }

        return order;
    }

    /// <summary>Fills <paramref name="batch"/> with batch number <paramref name="batchIndex"/> of the given epoch order; returns the rows filled.</summary>
    /// <param name="order">From <see cref="EpochOrder"/>.</param>
    /// <param name="batchIndex">0..BatchesPerEpoch-1.</param>
    /// <param name="batch">Buffer from <see cref="CreateBatch"/>.</param>
    /// <exception cref="ArgumentException">The buffer's shape does not match.</exception>
    public int Fill(int[] order, int batchIndex, WindowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(batch);
        var K = _cube.FeatureCount;
        var L = _options.Lookback;
        if (batch.BatchSize < _options.BatchSize || batch.Lookback != L || batch.FeatureCount != K || (_options.MissingMask && batch.Mask is null))
        {
            throw new ArgumentException("The batch buffer does not match the dataset (use CreateBatch).", nameof(batch));
        }

        var from = batchIndex * _options.BatchSize;
        var count = Math.Clamp(Count - from, 0, _options.BatchSize);
        var T = _labels.DateCount;
        for (var b = 0; b < count; b++)
        {
            var j = order[from + b];
            int t = _t[j], i = _code[j];
            var window = _cube.Window(i, t, L);
            var x = batch.X.AsSpan(b * L * K, L * K);
            var mask = batch.Mask is null ? Span<float>.Empty : batch.Mask.AsSpan(b * L * K, L * K);
            for (var m = 0; m < window.Length; m++)
            {
                var v = window[m];
                var missing = float.IsNaN(v);
                x[m] = missing ? 0f : v;
                if (!mask.IsEmpty)
                {
                    mask[m] = missing ? 1f : 0f;
                }
            }

            var cell = i * T + t;
            batch.Labels[b] = _labels.Label[cell];
            batch.Weights[b] = _weights is null ? 1f : _weights[cell];
            batch.DateIndex[b] = t;
            batch.CodeIndex[b] = i;
            if (_statics is not null)
            {
                _statics.CopyCategorical(i, t, batch.Categorical.AsSpan(b * _statics.CategoricalCount, _statics.CategoricalCount));
                Array.Copy(_statics.Reals, i * _statics.RealCount, batch.Reals, b * _statics.RealCount, _statics.RealCount);
            }
        }

        batch.Count = count;
        return count;
    }

    /// <summary>Enumerates an epoch's batches into one reused buffer (consume each before moving on).</summary>
    public IEnumerable<WindowBatch> Batches(int epoch, WindowBatch? buffer = null)
    {
        var order = EpochOrder(epoch);
        var batch = buffer ?? CreateBatch();
        for (var n = 0; n < BatchesPerEpoch; n++)
        {
            Fill(order, n, batch);
            yield return batch;
        }
    }

    private string? Check(int t, int i)
    {
        if (t < 0 || t >= _labels.DateCount || i < 0 || i >= _labels.CodeCount)
        {
            return "out_of_range";
        }

        var cell = i * _labels.DateCount + t;
        if (_options.RequireLabels && _labels.Label[cell] < 0)
        {
            return "no_label";
        }

        if (t - _options.Lookback + 1 < 0)
        {
            return "lookback";
        }

        if (_weights is not null && !(_weights[cell] > 0 && float.IsFinite(_weights[cell])))
        {
            return "weight";
        }

        if (!_cube.HasWindow(i, t, _options.Lookback))
        {
            return "not_stored";
        }

        var window = _cube.Window(i, t, _options.Lookback);
        var nan = 0;
        foreach (var v in window)
        {
            nan += float.IsNaN(v) ? 1 : 0;
        }

        return nan > _options.MaxMissingFraction * window.Length ? "too_nan" : null;
    }
}
