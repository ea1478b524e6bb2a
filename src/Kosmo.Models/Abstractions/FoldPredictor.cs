using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Abstractions;

/// <summary>
/// Fits a classifier afresh on each fold's training rows and predicts that fold's test rows, so baselines and neural
/// models are trained and scored the same way (walk-forward or purged folds come from the caller's splitter).
/// </summary>
public static class FoldPredictor
{
    /// <summary>Predictions for the test rows of every fold, in fold order.</summary>
    /// <param name="classifier">The model; its state after the call is the last fold's fit.</param>
    /// <param name="folds">(train, test) pairs; train must only hold rows whose labels were known before the test window.</param>
    /// <exception cref="InvalidOperationException">The classifier returned a probability array of the wrong length.</exception>
    public static IReadOnlyList<PredictionRecord> Run(IClassifier classifier, IEnumerable<(TabularSet Train, TabularSet Test)> folds)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(folds);
        var result = new List<PredictionRecord>();
        foreach (var (train, test) in folds)
        {
            classifier.Fit(train);
            var probs = classifier.PredictProba(test);
            if (probs.Length != 3 * test.Rows)
            {
                throw new InvalidOperationException($"{classifier.Name} returned {probs.Length} probabilities for {test.Rows} rows.");
            }

            result.AddRange(ClassifierPredictions.ToRecords(classifier.Name, test, probs));
        }

        return result;
    }
}
