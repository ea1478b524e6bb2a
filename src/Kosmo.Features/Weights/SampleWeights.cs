namespace Kosmo.Features.Weights;

/// <summary>
/// Sample weights from label overlap on one bar axis (AFML chapter 4). Label j lives on the bars
/// [start[j], end[j]] (inclusive). The concurrency c_b is the number of labels alive at bar b; the uniqueness
/// of label j at bar b is 1 / c_b; the average uniqueness ū_j is its mean over the label's life.
/// </summary>
public static class SampleWeights
{
    /// <summary>Concurrency per bar: c (length barCount).</summary>
    /// <exception cref="ArgumentException">Lengths differ or a span is outside [0, barCount) or reversed.</exception>
    public static int[] Concurrency(int barCount, ReadOnlySpan<int> start, ReadOnlySpan<int> end)
    {
        Validate(barCount, start, end);
        var diff = new int[barCount + 1];
        for (var j = 0; j < start.Length; j++)
        {
            diff[start[j]]++;
            diff[end[j] + 1]--;
        }

        var c = new int[barCount];
        var run = 0;
        for (var b = 0; b < barCount; b++)
        {
            run += diff[b];
            c[b] = run;
        }

        return c;
    }

    /// <summary>Average uniqueness ū_j = mean over b in [start_j, end_j] of 1 / c_b (length = labels).</summary>
    /// <exception cref="ArgumentException">As <see cref="Concurrency"/>.</exception>
    public static double[] AverageUniqueness(int barCount, ReadOnlySpan<int> start, ReadOnlySpan<int> end)
    {
        var c = Concurrency(barCount, start, end);
        var prefix = new double[barCount + 1];
        for (var b = 0; b < barCount; b++)
        {
            prefix[b + 1] = prefix[b] + (c[b] > 0 ? 1.0 / c[b] : 0.0);
        }

        var u = new double[start.Length];
        for (var j = 0; j < start.Length; j++)
        {
            u[j] = (prefix[end[j] + 1] - prefix[start[j]]) / (end[j] - start[j] + 1);
        }

        return u;
    }

    /// <summary>
    /// Return attribution (AFML 4.4), unnormalised: w̃_j = |Σ_{b in [start_j, end_j]} r_b / c_b| with r_b the bar's
    /// log return (NaN counts as 0). Normalise with <see cref="NormalizeToCount"/>.
    /// </summary>
    /// <param name="barReturns">Return of each bar (length barCount).</param>
    /// <param name="start">First bar of each label.</param>
    /// <param name="end">Last bar of each label.</param>
    /// <exception cref="ArgumentException">As <see cref="Concurrency"/>.</exception>
    public static double[] ReturnAttribution(ReadOnlySpan<double> barReturns, ReadOnlySpan<int> start, ReadOnlySpan<int> end)
    {
        var c = Concurrency(barReturns.Length, start, end);
        var prefix = new double[barReturns.Length + 1];
        for (var b = 0; b < barReturns.Length; b++)
        {
            var r = double.IsFinite(barReturns[b]) ? barReturns[b] : 0.0;
            prefix[b + 1] = prefix[b] + (c[b] > 0 ? r / c[b] : 0.0);
        }

        var w = new double[start.Length];
        for (var j = 0; j < start.Length; j++)
        {
            w[j] = Math.Abs(prefix[end[j] + 1] - prefix[start[j]]);
        }

        return w;
    }

    /// <summary>Scales weights in place so that they sum to their count (AFML's normalisation); all-zero stays zero.</summary>
    public static void NormalizeToCount(Span<double> weights)
    {
        double sum = 0;
        foreach (var w in weights)
        {
            sum += w;
        }

        if (sum <= 0)
        {
            return;
        }

        var scale = weights.Length / sum;
        for (var j = 0; j < weights.Length; j++)
        {
            weights[j] *= scale;
        }
    }

    /// <summary>
    /// Time-decay factors (AFML 4.5): d = max(0, a + b·x) with x the cumulative average uniqueness in time
    /// order, the newest label getting d = 1 and the oldest approaching c: for c ≥ 0, b = (1 - c) / Σū; for
    /// c &lt; 0, b = 1 / ((c + 1)·Σū) (the oldest -c share of labels gets 0); a = 1 - b·Σū.
    /// </summary>
    /// <param name="uniquenessInTimeOrder">ū of the labels sorted by start time.</param>
    /// <param name="c">Decay parameter in (-1, 1]: 1 no decay, 0 linear to 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">c outside (-1, 1].</exception>
    public static double[] TimeDecay(ReadOnlySpan<double> uniquenessInTimeOrder, double c)
    {
        if (!(c > -1.0 && c <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, "The time-decay parameter c must be in (-1, 1].");
        }

        var n = uniquenessInTimeOrder.Length;
        var cum = new double[n];
        double run = 0;
        for (var j = 0; j < n; j++)
        {
            run += uniquenessInTimeOrder[j];
            cum[j] = run;
        }

        var d = new double[n];
        if (n == 0 || run <= 0)
        {
            Array.Fill(d, 1.0);
            return d;
        }

        var slope = c >= 0 ? (1.0 - c) / run : 1.0 / ((c + 1.0) * run);
        var intercept = 1.0 - slope * run;
        for (var j = 0; j < n; j++)
        {
            d[j] = Math.Max(0.0, intercept + slope * cum[j]);
        }

        return d;
    }

    private static void Validate(int barCount, ReadOnlySpan<int> start, ReadOnlySpan<int> end)
    {
        if (start.Length != end.Length)
        {
            throw new ArgumentException($"start and end must have the same length ({start.Length} vs {end.Length}).", nameof(end));
        }

        for (var j = 0; j < start.Length; j++)
        {
            if (start[j] < 0 || end[j] >= barCount || end[j] < start[j])
            {
                throw new ArgumentException($"Label {j} spans bars [{start[j]}, {end[j]}], outside [0, {barCount}) or reversed.", nameof(start));
            }
        }
    }
}
