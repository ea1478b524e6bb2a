using Kosmo.Features.Splits;
using Kosmo.Features.Weights;

namespace Kosmo.Experiment;

/// <summary>Turns walk-forward splits into train / validation / test index sets with the caps of the config.</summary>
internal static class FoldBuilder
{
    /// <summary>
    /// The validation block is the last <c>validationFraction</c> of the training dates; training samples whose label
    /// window reaches into it are purged. Training is capped at <c>maxTrain</c> samples drawn uniformly without replacement (seeded,
    /// <see cref="TrainingSubsample"/>); validation is capped at a quarter of that. The sample weights act once, in
    /// the loss (and the validation score) of every trainer: drawing ∝ w as well would make the effective weight ∝ w².
    /// </summary>
    public static FoldData Build(LabeledSamples samples, Split split, int index, double validationFraction, int maxTrain, int seed)
    {
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
