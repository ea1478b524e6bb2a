using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Abstractions;

/// <summary>Turns a classifier's probabilities into run-folder prediction rows.</summary>
public static class ClassifierPredictions
{
    /// <summary>One <see cref="PredictionRecord"/> per row of <paramref name="rows"/>.</summary>
    /// <param name="model">Model name.</param>
    /// <param name="rows">The rows predicted.</param>
    /// <param name="probabilities">(n, K) row-major, from <see cref="IClassifier.PredictProba"/>.</param>
    /// <param name="classes">K (3 = down, flat, up; other K fill <see cref="PredictionRecord.ClassProbabilities"/>).</param>
    /// <exception cref="ArgumentException">The probability array is not n × K.</exception>
    public static IReadOnlyList<PredictionRecord> ToRecords(string model, TabularSet rows, float[] probabilities, int classes = 3)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Length != classes * rows.Rows)
        {
            throw new ArgumentException($"Expected {classes * rows.Rows} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        if (classes != 3)
        {
            return [.. Enumerable.Range(0, rows.Rows).Select(i => PredictionRecord.FromClasses(rows.Dates[i], rows.Codes[i], model, probabilities.AsSpan(classes * i, classes)))];
        }

        var result = new PredictionRecord[rows.Rows];
        for (var i = 0; i < rows.Rows; i++)
        {
            result[i] = new PredictionRecord(rows.Dates[i], rows.Codes[i], model, probabilities[3 * i], probabilities[(3 * i) + 1], probabilities[(3 * i) + 2]);
        }

        return result;
    }
}
