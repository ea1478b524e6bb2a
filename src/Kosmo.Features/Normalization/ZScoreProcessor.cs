namespace Kosmo.Features.Normalization;

/// <summary>
/// (x − mean)/std per feature, with mean and population std fitted on the training window. A feature with
/// std 0 is only centred; a feature with no training values is left unchanged. NaN stays NaN.
/// </summary>
public sealed class ZScoreProcessor : FeatureProcessorBase
{
    private readonly Dictionary<int, (double Mean, double Std)> _stats = [];

    /// <summary>Creates the processor for the named features (null: all).</summary>
    public ZScoreProcessor(IEnumerable<string>? features = null) : base(features)
    {
    }

    /// <summary>Fitted (mean, std) of the s-th selected feature.</summary>
    public (double Mean, double Std) Statistics(int s) => _stats[s];

    /// <inheritdoc />
    protected override void FitFeature(int s, List<double> trainValues)
    {
        if (trainValues.Count == 0)
        {
            _stats[s] = (0, 1);
            return;
        }

        var mean = trainValues.Average();
        var variance = trainValues.Sum(v => (v - mean) * (v - mean)) / trainValues.Count;
        var std = Math.Sqrt(variance);
        _stats[s] = (mean, std > 0 ? std : 1);
    }

    /// <inheritdoc />
    protected override float Map(int s, float value)
    {
        var (mean, std) = _stats[s];
        return (float)((value - mean) / std);
    }
}
