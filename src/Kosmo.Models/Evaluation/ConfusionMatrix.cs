namespace Kosmo.Models.Evaluation;

/// <summary>
/// A K × K confusion matrix (rows = true class, columns = predicted class; K = 3 unless given) and the scores derived
/// from it. Conventions (match docs/notes/evaluation.md and tools/eval_reference.py): precision, recall and F1 of a
/// class are 0 when their denominator is 0; macro F1 averages all K classes; balanced accuracy averages the recall of
/// the classes that occur in the true labels.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>An empty K × K matrix.</summary>
    /// <param name="classes">K (≥ 2).</param>
    /// <exception cref="ArgumentOutOfRangeException">K &lt; 2.</exception>
    public ConfusionMatrix(int classes = ClassLabels.Count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Classes = classes;
        _counts = new long[classes * classes];
    }

    /// <summary>K, the number of classes.</summary>
    public int Classes { get; }

    /// <summary>Count of rows with true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => _counts[(truth * Classes) + predicted];

    /// <summary>Total number of rows.</summary>
    public long Total { get; private set; }

    /// <summary>Adds <paramref name="times"/> rows of (truth, predicted).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class outside 0..K−1.</exception>
    public void Add(int truth, int predicted, long times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(truth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(truth, Classes - 1);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(predicted, Classes - 1);
        _counts[(truth * Classes) + predicted] += times;
        Total += times;
    }

    /// <summary>Adds every cell of <paramref name="other"/> <paramref name="times"/> times.</summary>
    /// <exception cref="ArgumentException">The matrices have different K.</exception>
    public void Add(ConfusionMatrix other, long times = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Classes != Classes)
        {
            throw new ArgumentException($"Cannot add a {other.Classes}-class confusion matrix to a {Classes}-class one.", nameof(other));
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i] * times;
        }

        Total += other.Total * times;
    }

    /// <summary>Number of rows whose true class is <paramref name="k"/>.</summary>
    public long Support(int k)
    {
        long n = 0;
        for (var p = 0; p < Classes; p++)
        {
            n += this[k, p];
        }

        return n;
    }

    /// <summary>Number of rows predicted as class <paramref name="k"/>.</summary>
    public long PredictedCount(int k)
    {
        long n = 0;
        for (var t = 0; t < Classes; t++)
        {
            n += this[t, k];
        }

        return n;
    }

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

    /// <summary>Mean of the K per-class F1 scores.</summary>
    public double MacroF1()
    {
        if (Classes == 3)
        {
            return (F1(0) + F1(1) + F1(2)) / 3.0;
        }

        double s = 0;
        for (var k = 0; k < Classes; k++)
        {
            s += F1(k);
        }

        return s / Classes;
    }

    /// <summary>Fraction of rows on the diagonal; NaN when empty.</summary>
    public double Accuracy()
    {
        long diagonal = 0;
        for (var k = 0; k < Classes; k++)
        {
            diagonal += this[k, k];
        }

        return Total > 0 ? (double)diagonal / Total : double.NaN;
    }

    /// <summary>Mean recall over the classes present in the true labels; NaN when empty.</summary>
    public double BalancedAccuracy()
    {
        double sum = 0;
        var present = 0;
        for (var k = 0; k < Classes; k++)
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
        [.. Enumerable.Range(0, Classes).Select(t => Enumerable.Range(0, Classes).Select(p => this[t, p]).ToArray())];
}
