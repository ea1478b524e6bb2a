namespace Kosmo.Features.Splits;

/// <summary>
/// Yearly walk-forward splits (refit once a year): test = the samples starting in year Y; train = samples
/// starting before Y (expanding, or within the last RollingYears years), purged so that no training label
/// window reaches into the test period.
/// </summary>
public static class WalkForward
{
    /// <summary>One split per test year from <see cref="WalkForwardOptions.FirstTestYear"/> to the last sample year (years with no test or no train samples are skipped).</summary>
    /// <exception cref="ArgumentOutOfRangeException">RollingYears &lt; 1.</exception>
    public static IReadOnlyList<Split> Yearly(LabeledSamples samples, WalkForwardOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        if (options.RollingYears is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RollingYears, "RollingYears must be at least 1.");
        }

        var splits = new List<Split>();
        if (samples.Count == 0)
        {
            return splits;
        }

        var lastYear = samples.Dates[samples.Start[^1]].Year;
        for (var year = options.FirstTestYear; year <= lastYear; year++)
        {
            var first = -1;
            var last = -1;
            foreach (var t in samples.Start)
            {
                if (samples.Dates[t].Year == year)
                {
                    first = first < 0 ? t : first;
                    last = t;
                }
            }

            if (first < 0)
            {
                continue;
            }

            var minYear = options.RollingYears is { } w ? year - w : int.MinValue;
            var y = year;
            var split = Purging.Make(
                samples,
                options.RollingYears is null ? $"walk_forward {y} expanding" : $"walk_forward {y} rolling {options.RollingYears}y",
                [(first, last)],
                j => samples.Start[j] < first && samples.Dates[samples.Start[j]].Year >= minYear,
                options.EmbargoDays);
            if (split.Train.Length > 0)
            {
                splits.Add(split);
            }
        }

        return splits;
    }
}
