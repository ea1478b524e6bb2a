namespace Kosmo.Models.Evaluation;

/// <summary>One reliability bin [Low, High): how often the event happened among rows whose probability fell in it.</summary>
/// <param name="Low">Lower edge (inclusive).</param>
/// <param name="High">Upper edge (exclusive; the last bin includes 1).</param>
/// <param name="Count">Rows in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability in the bin; NaN when empty.</param>
/// <param name="Observed">Observed frequency of the event in the bin; NaN when empty.</param>
public sealed record CalibrationBin(double Low, double High, int Count, double MeanPredicted, double Observed)
{
    /// <summary>
    /// Equal-width reliability curve: bin = min(floor(p × bins), bins − 1).
    /// </summary>
    /// <param name="probabilities">Predicted probability of the event per row.</param>
    /// <param name="happened">Whether the event happened per row (same length).</param>
    /// <param name="bins">Number of bins (positive).</param>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static CalibrationBin[] Curve(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> happened, int bins = 10)
    {
        if (probabilities.Length != happened.Length)
        {
            throw new ArgumentException("Lengths differ.", nameof(happened));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        var count = new int[bins];
        var sumP = new double[bins];
        var hits = new int[bins];
        for (var i = 0; i < probabilities.Length; i++)
        {
            var b = Math.Clamp((int)(probabilities[i] * bins), 0, bins - 1);
            count[b]++;
            sumP[b] += probabilities[i];
            hits[b] += happened[i] ? 1 : 0;
        }

        var result = new CalibrationBin[bins];
        for (var b = 0; b < bins; b++)
        {
            result[b] = new CalibrationBin((double)b / bins, (double)(b + 1) / bins, count[b],
                count[b] > 0 ? sumP[b] / count[b] : double.NaN, count[b] > 0 ? (double)hits[b] / count[b] : double.NaN);
        }

        return result;
    }

    /// <summary>Expected calibration error: Σ count/n × |observed − mean predicted| over non-empty bins.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<CalibrationBin> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var n = curve.Sum(b => b.Count);
        return n == 0 ? double.NaN : curve.Where(b => b.Count > 0).Sum(b => (double)b.Count / n * Math.Abs(b.Observed - b.MeanPredicted));
    }
}
