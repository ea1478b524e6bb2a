namespace Kosmo.Models.Evaluation;

/// <summary>
/// Circular moving-block bootstrap over consecutive dates (Politis and Romano 1992): a resample of D dates is
/// ceil(D / b) blocks of b consecutive date indices, each starting at a uniform index in [0, D) and wrapping
/// past the end, truncated to D. Rows travel with their date, so cross-sectional and serial dependence within a
/// block survive. Start indices come from <see cref="SplitMix64"/> (start = Next() mod D), one fresh generator
/// per call of <see cref="Resamples"/>, so every statistic and every paired comparison sees the same resamples.
/// </summary>
public static class BlockBootstrap
{
    /// <summary>The date-index resamples: <paramref name="replicates"/> arrays of length <paramref name="dateCount"/>.</summary>
    /// <param name="dateCount">D, the number of distinct dates (positive).</param>
    /// <param name="blockLength">b, dates per block (positive; capped at D).</param>
    /// <param name="replicates">Number of resamples (positive).</param>
    /// <param name="seed">Generator seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive.</exception>
    public static IEnumerable<int[]> Resamples(int dateCount, int blockLength, int replicates, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dateCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicates);
        return Iterate(dateCount, Math.Min(blockLength, dateCount), replicates, seed);
    }

    /// <summary>The q-quantile (0..1) of the values with linear interpolation between order statistics (numpy's default).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        Array.Sort(sorted);
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    /// <summary>The percentile interval [q(α/2), q(1 − α/2)] of the finite values, or [NaN, NaN] when there are none.</summary>
    public static (double Low, double High) PercentileInterval(IEnumerable<double> values, double level = 0.95)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        var alpha = 1.0 - level;
        return (Quantile(finite, alpha / 2), Quantile(finite, 1.0 - (alpha / 2)));
    }

    private static IEnumerable<int[]> Iterate(int dateCount, int blockLength, int replicates, ulong seed)
    {
        var rng = new SplitMix64(seed);
        for (var r = 0; r < replicates; r++)
        {
            var idx = new int[dateCount];
            var filled = 0;
            while (filled < dateCount)
            {
                var start = rng.NextInt(dateCount);
                for (var i = 0; i < blockLength && filled < dateCount; i++)
                {
                    idx[filled++] = (start + i) % dateCount;
                }
            }

            yield return idx;
        }
    }
}
