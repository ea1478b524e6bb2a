namespace Kosmo.Reports.Run;

/// <summary>
/// One entry of metrics.json "models": scalar metrics (NaN when null), [lo, hi] intervals (keys ending "_ci"),
/// an optional 3×3 confusion matrix (rows = true down/flat/up, columns = predicted) and optional calibration
/// curves (key "all" for a single list, else one per class name).
/// </summary>
internal sealed record ModelMetrics(
    string Name,
    IReadOnlyDictionary<string, double> Scalars,
    IReadOnlyDictionary<string, (double Lo, double Hi)> Intervals,
    double[,]? Confusion,
    IReadOnlyList<(string Curve, IReadOnlyList<CalibrationBin> Bins)> Calibration)
{
    public double Get(string key) => Scalars.TryGetValue(key, out var v) ? v : double.NaN;
}
