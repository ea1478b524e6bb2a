namespace Kosmo.Features.Weights;

/// <summary>
/// Sequential bootstrap (AFML 4.5.3) for labels on one bar axis: each draw picks label j with probability
/// proportional to its average uniqueness measured against the labels already drawn (its own bars' 1 / (c_b + 1)
/// where c_b counts draws so far covering bar b). O(draws × Σ life): meant for one instrument or a sample.
/// </summary>
public static class SequentialBootstrap
{
    /// <summary>Draws <paramref name="draws"/> label indices (with replacement).</summary>
    /// <param name="barCount">Bars on the axis.</param>
    /// <param name="start">First bar of each label.</param>
    /// <param name="end">Last bar of each label.</param>
    /// <param name="draws">Number of draws.</param>
    /// <param name="seed">Random seed.</param>
    /// <exception cref="ArgumentException">Spans invalid (see <see cref="SampleWeights.Concurrency"/>).</exception>
    public static int[] Draw(int barCount, ReadOnlySpan<int> start, ReadOnlySpan<int> end, int draws, int seed)
    {
        _ = SampleWeights.Concurrency(barCount, start, end);
        var rng = new Random(seed);
        var taken = new int[barCount];
        var result = new int[draws];
        var prob = new double[start.Length];
        for (var n = 0; n < draws; n++)
        {
            double total = 0;
            for (var j = 0; j < start.Length; j++)
            {
                double u = 0;
                for (var b = start[j]; b <= end[j]; b++)
                {
                    u += 1.0 / (taken[b] + 1);
                }

                prob[j] = u / (end[j] - start[j] + 1);
                total += prob[j];
            }

            var pick = rng.NextDouble() * total;
            var chosen = start.Length - 1;
            for (var j = 0; j < start.Length; j++)
            {
                pick -= prob[j];
                if (pick < 0)
                {
                    chosen = j;
                    break;
                }
            }

            result[n] = chosen;
            for (var b = start[chosen]; b <= end[chosen]; b++)
            {
                taken[b]++;
            }
        }

        return result;
    }
}
