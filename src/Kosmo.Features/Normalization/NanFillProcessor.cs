namespace Kosmo.Features.Normalization;

/// <summary>
/// Replaces NaN per feature by the training-window median (<c>useMedian</c> true) or by a constant (default 0,
/// e.g. after z-scoring). A feature with no training values is filled with the constant.
/// </summary>
public sealed class NanFillProcessor : FeatureProcessorBase
{
    private readonly Dictionary<int, float> _fill = [];
    private readonly bool _useMedian;
    private readonly float _constant;

    /// <summary>Creates the filler for the named features (null: all).</summary>
    public NanFillProcessor(IEnumerable<string>? features = null, bool useMedian = false, float constant = 0f) : base(features)
    {
        _useMedian = useMedian;
        _constant = constant;
    }

    /// <summary>Fitted fill value of the s-th selected feature.</summary>
    public float FillValue(int s) => _fill[s];

    /// <inheritdoc />
    protected override void FitFeature(int s, List<double> trainValues)
    {
        if (!_useMedian || trainValues.Count == 0)
        {
            _fill[s] = _constant;
            return;
        }

        trainValues.Sort();
        _fill[s] = (float)Quantile(trainValues, 0.5);
    }

    /// <inheritdoc />
    protected override float Map(int s, float value) => float.IsNaN(value) ? _fill[s] : value;
}
