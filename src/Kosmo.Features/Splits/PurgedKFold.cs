namespace Kosmo.Features.Splits;

/// <summary>
/// Purged k-fold with embargo (AFML 7.4): the sample dates are cut into k contiguous groups; fold g tests
/// group g and trains on every other sample that survives purging and the embargo.
/// </summary>
public static class PurgedKFold
{
    /// <summary>The k splits.</summary>
    /// <param name="samples">Samples.</param>
    /// <param name="folds">k ≥ 2.</param>
    /// <param name="embargoDays">Embargo in trading days after each test fold.</param>
    /// <exception cref="ArgumentOutOfRangeException">folds &lt; 2 or more than the distinct dates; embargoDays &lt; 0.</exception>
    public static IReadOnlyList<Split> Create(LabeledSamples samples, int folds, int embargoDays)
    {
        var groups = DateGroups.Partition(samples, folds);
        var splits = new Split[folds];
        for (var g = 0; g < folds; g++)
        {
            splits[g] = Purging.Make(samples, $"kfold {g + 1}/{folds}", [groups[g]], null, embargoDays);
        }

        return splits;
    }

    /// <summary>AFML's embargo as a fraction of the sampled dates: ceil(fraction × (last - first + 1)) days.</summary>
    /// <exception cref="ArgumentOutOfRangeException">fraction outside [0, 1).</exception>
    public static int EmbargoDays(LabeledSamples samples, double fraction)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (!(fraction >= 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The embargo fraction must be in [0, 1).");
        }

        return samples.Count == 0 ? 0 : (int)Math.Ceiling(fraction * (samples.Start[^1] - samples.Start[0] + 1));
    }
}
