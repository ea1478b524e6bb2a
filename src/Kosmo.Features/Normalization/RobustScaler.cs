namespace Kosmo.Features.Normalization;

/// <summary>
/// (x − median)/IQR per feature, median and inter-quartile range (q75 − q25, linear interpolation) fitted on the
/// training window; IQR 0 or no training values: only centred / unchanged. Optionally clips the result to ±clip.
/// </summary>
public sealed class RobustScaler : FeatureProcessorBase
{
    private readonly Dictionary<int, (double Median, double Iqr)> _stats = [];
    private readonly double _clip;

    /// <summary>Creates the scaler for the named features (null: all); clip ≤ 0 disables clipping.</summary>
    public RobustScaler(IEnumerable<string>? features = null, double clip = 0) : base(features) => _clip = clip;

    /// <summary>Fitted (median, IQR) of the s-th selected feature.</summary>
    public (double Median, double Iqr) Statistics(int s) => _stats[s];

    /// <inheritdoc />
    protected override void FitFeature(int s, List<double> trainValues)
    {
        trainValues.Sort();
        if (trainValues.Count == 0)
        {
            _stats[s] = (0, 1);
            return;
        }

        var iqr = Quantile(trainValues, 0.75) - Quantile(trainValues, 0.25);
        _stats[s] = (Quantile(trainValues, 0.5), iqr > 0 ? iqr : 1);
    }

    /// <inheritdoc />
    protected override float Map(int s, float value)
    {
        var (median, iqr) = _stats[s];
        var z = (value - median) / iqr;
        return (float)(_clip > 0 ? Math.Clamp(z, -_clip, _clip) : z);
    }
}
