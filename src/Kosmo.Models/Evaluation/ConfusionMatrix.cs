namespace Kosmo.Models.Evaluation;

/// <summary>
/// A 3 × 3 confusion matrix (rows = true class, columns = predicted class) and the scores derived from it.
/// Conventions (match docs/notes/evaluation.md and tools/eval_reference.py): precision, recall and F1 of a class are 0
/// when their denominator is 0; macro F1 averages all three classes; balanced accuracy averages the recall of the
/// classes that occur in the true labels.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts = new long[ClassLabels.Count * ClassLabels.Count];

    /// <summary>Count of rows with true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => _counts[(truth * ClassLabels.Count) + predicted];

    /// <summary>Total number of rows.</summary>
    public long Total { get; private set; }

    /// <summary>Adds <paramref name="times"/> rows of (truth, predicted).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class outside 0..2.</exception>
    public void Add(int truth, int predicted, long times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(truth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(truth, ClassLabels.Count - 1);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(predicted, ClassLabels.Count - 1);
        _counts[(truth * ClassLabels.Count) + predicted] += times;
        Total += times;
    }

    /// <summary>Adds every cell of <paramref name="other"/> <paramref name="times"/> times.</summary>
    public void Add(ConfusionMatrix other, long times = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i] * times;
        }

        Total += other.Total * times;
    }

    /// <summary>Number of rows whose true class is <paramref name="k"/>.</summary>
    public long Support(int k) => this[k, 0] + this[k, 1] + this[k, 2];

    /// <summary>Number of rows predicted as class <paramref name="k"/>.</summary>
    public long PredictedCount(int k) => this[0, k] + this[1, k] + this[2, k];

    /// <summary>TP / (TP + FP), 0 when nothing was predicted as <paramref name="k"/>.</summary>
    public double Precision(int k) => PredictedCount(k) > 0 ? (double)this[k, k] / PredictedCount(k) : 0.0;

    /// <summary>TP / (TP + FN), 0 when class <paramref name="k"/> never occurs.</summary>
    public double Recall(int k) => Support(k) > 0 ? (double)this[k, k] / Support(k) : 0.0;

    /// <summary>2 TP / (2 TP + FP + FN), 0 when the denominator is 0.</summary>
    public double F1(int k)
    {
        var denominator = Support(k) + PredictedCount(k);
        return denominator > 0 ? 2.0 * this[k, k] / denominator : 0.0;
    }

    /// <summary>Mean of the three per-class F1 scores.</summary>
    public double MacroF1() => (F1(0) + F1(1) + F1(2)) / 3.0;

    /// <summary>Fraction of rows on the diagonal; NaN when empty.</summary>
    public double Accuracy() => Total > 0 ? (double)(this[0, 0] + this[1, 1] + this[2, 2]) / Total : double.NaN;

    /// <summary>Mean recall over the classes present in the true labels; NaN when empty.</summary>
    public double BalancedAccuracy()
    {
        double sum = 0;
        var present = 0;
        for (var k = 0; k < ClassLabels.Count; k++)
        {
            if (Support(k) > 0)
            {
                sum += Recall(k);
                present++;
            }
        }

        return present > 0 ? sum / present : double.NaN;
    }

    /// <summary>The counts as a jagged array [truth][predicted].</summary>
    public long[][] ToArray() =>
        [.. Enumerable.Range(0, ClassLabels.Count).Select(t => Enumerable.Range(0, ClassLabels.Count).Select(p => this[t, p]).ToArray())];
}
