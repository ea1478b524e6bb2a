namespace Kosmo.Features.Splits;

/// <summary>
/// The fine-tune window's split into training and held-out samples: the latest share of its dates is held out, and a
/// training sample is kept only if its label ends at least <c>embargo</c> trading days before the first held-out date
/// (purging, López de Prado ch. 7), so the held-out block scores weights that never saw its outcomes.
/// </summary>
public static class FinetuneSplit
{
    /// <summary>Splits <paramref name="samples"/> (indices into <paramref name="s"/>) by date.</summary>
    /// <param name="s">The labelled samples the indices refer to.</param>
    /// <param name="samples">The fine-tune samples.</param>
    /// <param name="fraction">Share of the distinct sample dates held out (the latest); 0 = none.</param>
    /// <param name="embargo">Trading days between a training label's end and the first held-out date.</param>
    /// <returns>Training and held-out samples, each in ascending index order; held-out is empty when fraction is 0 or
    /// the window has fewer than two dates.</returns>
    public static (int[] Train, int[] Validation) Split(LabeledSamples s, int[] samples, double fraction, int embargo)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(samples);
        var dates = samples.Select(j => s.Start[j]).Distinct().Order().ToArray();
        if (fraction <= 0 || dates.Length < 2)
        {
            return ([.. samples.Order()], []);
        }

        var first = dates[Math.Clamp((int)Math.Floor(dates.Length * (1 - fraction)), 1, dates.Length - 1)];
        var validation = samples.Where(j => s.Start[j] >= first).Order().ToArray();
        var train = samples.Where(j => s.Start[j] < first && s.End[j] < first - embargo).Order().ToArray();
        return (train, validation);
    }
}
