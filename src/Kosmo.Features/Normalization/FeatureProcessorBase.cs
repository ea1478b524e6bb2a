namespace Kosmo.Features.Normalization;

/// <summary>
/// Shared plumbing of the per-feature processors: selects features (all, or the named ones), gathers the finite
/// training values of each selected feature, and applies a per-feature map to every cell.
/// </summary>
public abstract class FeatureProcessorBase : IFeatureProcessor
{
    private readonly string[]? _features;
    private string[]? _fittedNames;
    private int[] _selected = [];

    /// <summary>Creates the processor for the named features (null: all features).</summary>
    protected FeatureProcessorBase(IEnumerable<string>? features) => _features = features?.ToArray();

    /// <inheritdoc />
    public bool IsFitted => _fittedNames is not null;

    /// <summary>Fitted feature indices in the cube.</summary>
    protected IReadOnlyList<int> Selected => _selected;

    /// <inheritdoc />
    public void Fit(FeatureCube cube, DateWindow train)
    {
        ArgumentNullException.ThrowIfNull(cube);
        _selected = _features is null
            ? [.. Enumerable.Range(0, cube.FeatureCount)]
            : [.. _features.Select(n => cube.IndexOf(n) is var k and >= 0 ? k : throw new ArgumentException($"Feature '{n}' is not in the cube.", nameof(cube)))];
        var T = cube.Dates.Length;
        var inWindow = cube.Dates.Select(train.Contains).ToArray();
        var values = new List<double>();
        for (var s = 0; s < _selected.Length; s++)
        {
            values.Clear();
            var k = _selected[s];
            for (var i = 0; i < cube.Codes.Length; i++)
            {
                for (var t = 0; t < T; t++)
                {
                    if (inWindow[t])
                    {
                        var v = cube.Values[cube.Offset(i, t) + k];
                        if (float.IsFinite(v))
                        {
                            values.Add(v);
                        }
                    }
                }
            }

            FitFeature(s, values);
        }

        _fittedNames = cube.Names;
    }

    /// <inheritdoc />
    public void Transform(FeatureCube cube)
    {
        ArgumentNullException.ThrowIfNull(cube);
        if (_fittedNames is null)
        {
            throw new InvalidOperationException($"{GetType().Name} must be fitted before Transform.");
        }

        if (!_fittedNames.SequenceEqual(cube.Names, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"{GetType().Name} was fitted on a cube with different feature names.");
        }

        var K = cube.FeatureCount;
        var values = cube.Values;
        for (long cell = 0; cell < values.LongLength; cell += K)
        {
            for (var s = 0; s < _selected.Length; s++)
            {
                var at = cell + _selected[s];
                values[at] = Map(s, values[at]);
            }
        }
    }

    /// <summary>Fits the statistics of the s-th selected feature from its finite training values (possibly empty).</summary>
    protected abstract void FitFeature(int s, List<double> trainValues);

    /// <summary>Maps one value of the s-th selected feature.</summary>
    protected abstract float Map(int s, float value);

    /// <summary>Quantile q of sorted values with linear interpolation (numpy's default); NaN when empty.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var pos = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
