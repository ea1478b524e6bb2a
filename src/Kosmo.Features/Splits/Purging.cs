namespace Kosmo.Features.Splits;

/// <summary>
/// Purging and embargo (AFML 7.4). A test block's period is [first start, max End] over its test samples
/// (it includes the test labels' windows). Purging removes every training candidate whose label window
/// [Start, End] intersects a test period. The embargo then removes candidates whose Start lies in
/// (period end, period end + embargo] (the days right after the test period, whose features overlap it).
/// </summary>
public static class Purging
{
    /// <summary>Builds a split: test = samples whose start falls in one of the blocks; train = the rest, purged and embargoed.</summary>
    /// <param name="samples">All samples.</param>
    /// <param name="name">Split name.</param>
    /// <param name="blocks">Test blocks as closed date-index ranges of sample starts (sorted, disjoint).</param>
    /// <param name="candidate">Which samples may train (null: all that are not test).</param>
    /// <param name="embargoDays">Embargo in trading days (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">embargoDays &lt; 0.</exception>
    public static Split Make(LabeledSamples samples, string name, IReadOnlyList<(int First, int Last)> blocks, Func<int, bool>? candidate, int embargoDays)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentOutOfRangeException.ThrowIfNegative(embargoDays);
        var periods = new (int First, int Last)[blocks.Count];
        var test = new List<int>();
        for (var b = 0; b < blocks.Count; b++)
        {
            periods[b] = (blocks[b].First, blocks[b].Last);
        }

        for (var j = 0; j < samples.Count; j++)
        {
            var b = BlockOf(blocks, samples.Start[j]);
            if (b >= 0)
            {
                test.Add(j);
                periods[b].Last = Math.Max(periods[b].Last, samples.End[j]);
            }
        }

        var train = new List<int>();
        int purged = 0, embargoed = 0;
        for (var j = 0; j < samples.Count; j++)
        {
            if (BlockOf(blocks, samples.Start[j]) >= 0 || (candidate is not null && !candidate(j)))
            {
                continue;
            }

            var s = samples.Start[j];
            var e = samples.End[j];
            var overlaps = false;
            var embargo = false;
            foreach (var p in periods)
            {
                overlaps |= s <= p.Last && e >= p.First;
                embargo |= s > p.Last && s <= p.Last + embargoDays;
            }

            if (overlaps)
            {
                purged++;
            }
            else if (embargo)
            {
                embargoed++;
            }
            else
            {
                train.Add(j);
            }
        }

        return new Split(name, train.ToArray(), test.ToArray(), blocks.ToArray(), purged, embargoed);
    }

    private static int BlockOf(IReadOnlyList<(int First, int Last)> blocks, int t)
    {
        for (var b = 0; b < blocks.Count; b++)
        {
            if (t >= blocks[b].First && t <= blocks[b].Last)
            {
                return b;
            }
        }

        return -1;
    }
}
