namespace Kosmo.Features.Splits;

/// <summary>Partitions the distinct sample dates into contiguous groups (all samples of one date fall in one group).</summary>
public static class DateGroups
{
    /// <summary>
    /// Splits the distinct start dates of <paramref name="samples"/> into <paramref name="groups"/> contiguous
    /// groups of (nearly) equal numbers of dates; returns each group's (first, last) date index.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">groups &lt; 2 or more groups than distinct dates.</exception>
    public static (int First, int Last)[] Partition(LabeledSamples samples, int groups)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 2);
        var dates = samples.Start.Distinct().Order().ToArray();
        if (dates.Length < groups)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"Only {dates.Length} distinct sample dates for {groups} groups.");
        }

        var result = new (int First, int Last)[groups];
        for (var g = 0; g < groups; g++)
        {
            var lo = (int)((long)g * dates.Length / groups);
            var hi = (int)((long)(g + 1) * dates.Length / groups) - 1;
            result[g] = (dates[lo], dates[hi]);
        }

        return result;
    }
}
