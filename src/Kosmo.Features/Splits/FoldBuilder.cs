using Kosmo.Features.Weights;

namespace Kosmo.Features.Splits;

/// <summary>Turns a split (walk-forward, purged k-fold, CPCV) into train / validation / test index sets with a training cap.</summary>
public static class FoldBuilder
{
    /// <summary>
    /// The validation block is the last <c>validationFraction</c> of the training dates; training samples whose label
    /// window reaches into it are purged. Training is capped at <c>maxTrain</c> samples drawn uniformly without replacement (seeded,
    /// <see cref="TrainingSubsample"/>); validation is capped at max(1,000, maxTrain / 4). The sample weights act once, in
    /// the loss (and the validation score) of every trainer: drawing ∝ w as well would make the effective weight ∝ w².
    /// Both training and validation are subsets of the split's (already purged and embargoed) training set, and the
    /// test set is the split's own, so the split's guarantees carry over.
    /// </summary>
    /// <param name="samples">The samples the split indexes.</param>
    /// <param name="split">The split.</param>
    /// <param name="index">The fold's position (<see cref="FoldData.Index"/>).</param>
    /// <param name="validationFraction">Share of the distinct training dates held out for validation (the latest); 0 = none. No block is cut when the training set spans fewer than 10 dates.</param>
    /// <param name="maxTrain">Training cap; 0 = every training sample.</param>
    /// <param name="seed">Seed of the capped draws (validation draws with seed + 1).</param>
    public static FoldData Build(LabeledSamples samples, Split split, int index, double validationFraction, int maxTrain, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(split);
        var trainAll = split.Train;
        var dates = trainAll.Select(j => samples.Start[j]).Distinct().Order().ToArray();
        var val = Array.Empty<int>();
        var train = trainAll;
        if (validationFraction > 0 && dates.Length >= 10)
        {
            var cut = dates[(int)Math.Floor(dates.Length * (1 - validationFraction))];
            val = trainAll.Where(j => samples.Start[j] >= cut).ToArray();
            train = trainAll.Where(j => samples.End[j] < cut).ToArray();
        }

        if (maxTrain > 0)
        {
            train = TrainingSubsample.Draw(train, maxTrain, seed);
            val = TrainingSubsample.Draw(val, Math.Max(1000, maxTrain / 4), seed + 1);
        }

        return new FoldData(index, split.Name, train, val, split.Test, seed);
    }
}
