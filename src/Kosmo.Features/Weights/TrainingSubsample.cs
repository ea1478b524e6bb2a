namespace Kosmo.Features.Weights;

/// <summary>
/// The one place where a training (or validation) pool is capped to n samples. The draw is uniform, without
/// replacement and seeded, and ignores the sample weights on purpose: every trainer already multiplies each sample's
/// loss by its weight w, so a weight-proportional draw would count w twice (effective weight ∝ w², the old
/// behaviour). Uniform inclusion (probability n / |pool| for every sample) times a loss weight w gives an expected
/// contribution ∝ w exactly once, whether or not the cap applies (without a cap every sample is kept, again ∝ w).
/// </summary>
public static class TrainingSubsample
{
    /// <summary>Draws <paramref name="n"/> of <paramref name="pool"/> uniformly without replacement (seeded partial Fisher–Yates); the whole pool when it is not larger. Sorted ascending.</summary>
    /// <param name="pool">Candidate sample indices.</param>
    /// <param name="n">Samples to keep (≥ 0).</param>
    /// <param name="seed">Random seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">n is negative.</exception>
    public static int[] Draw(int[] pool, int n, int seed)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (pool.Length <= n)
        {
            return pool;
        }

        var rng = new Random(seed);
        var copy = (int[])pool.Clone();
        for (var k = 0; k < n; k++)
        {
            var j = k + rng.Next(copy.Length - k);
            (copy[k], copy[j]) = (copy[j], copy[k]);
        }

        var result = copy[..n];
        Array.Sort(result);
        return result;
    }
}
