namespace Kosmo.Features.Splits;

/// <summary>
/// The dates a fit-on-train transform (a market-column scaler, a regime model) may read for one split of purged
/// k-fold or CPCV, where training data lies on both sides of a test block. A date is excluded when it falls in a test
/// block's period (from the block's first sample date to the last date any of its test labels reads) or in the
/// embargo right after it (features there look back into the test period); every other date of the calendar is a
/// training date. Dates before a test block whose training samples were purged stay in: a causal value at such a
/// date reads only earlier data, none of the test period.
/// </summary>
public static class FitDates
{
    /// <summary>The mask over the calendar of <paramref name="samples"/> (true = the fit may read the date).</summary>
    /// <param name="samples">The run's samples.</param>
    /// <param name="split">The split (its test samples and blocks).</param>
    /// <param name="embargoDays">Embargo in trading days after each test period (≥ 0).</param>
    /// <returns>One flag per date of <see cref="LabeledSamples.Dates"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">embargoDays &lt; 0.</exception>
    public static bool[] Mask(LabeledSamples samples, Split split, int embargoDays)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfNegative(embargoDays);
        var T = samples.Dates.Length;
        var mask = new bool[T];
        Array.Fill(mask, true);
        foreach (var (first, last) in Periods(samples, split))
        {
            for (var t = first; t <= Math.Min(T - 1, last + embargoDays); t++)
            {
                mask[t] = false;
            }
        }

        return mask;
    }

    /// <summary>
    /// Each test block's period as Purging defines it: (first sample date, the later of the block's last sample date
    /// and its test labels' last date T1).
    /// </summary>
    public static (int First, int Last)[] Periods(LabeledSamples samples, Split split)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(split);
        var periods = split.TestBlocks.ToArray();
        foreach (var j in split.Test)
        {
            for (var b = 0; b < periods.Length; b++)
            {
                if (samples.Start[j] >= split.TestBlocks[b].First && samples.Start[j] <= split.TestBlocks[b].Last)
                {
                    periods[b].Last = Math.Max(periods[b].Last, samples.End[j]);
                }
            }
        }

        return periods;
    }
}
