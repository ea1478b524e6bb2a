using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Training;

/// <summary>
/// Class probabilities of every sample of a dataset, in the dataset's unshuffled sample order, with the sample's date
/// index, code index, label and weight (so validation metrics and run-folder rows need nothing else).
/// </summary>
public sealed class PredictionSet
{
    /// <summary>Wraps the arrays (not copied).</summary>
    /// <exception cref="ArgumentException">Lengths disagree.</exception>
    public PredictionSet(int classes, float[] probabilities, int[] dateIndex, int[] codeIndex, int[] labels, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(dateIndex);
        ArgumentNullException.ThrowIfNull(codeIndex);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        var n = dateIndex.Length;
        if (classes < 1 || probabilities.Length != (long)n * classes || codeIndex.Length != n || labels.Length != n || weights.Length != n)
        {
            throw new ArgumentException($"PredictionSet: {n} date indices, {codeIndex.Length} code indices, {labels.Length} labels, {weights.Length} weights, {probabilities.Length} probabilities for {classes} classes.");
        }

        Classes = classes;
        Probabilities = probabilities;
        DateIndex = dateIndex;
        CodeIndex = codeIndex;
        Labels = labels;
        Weights = weights;
    }

    /// <summary>C.</summary>
    public int Classes { get; }

    /// <summary>(n, C) row-major softmax probabilities.</summary>
    public float[] Probabilities { get; }

    /// <summary>Date index t of each row (n).</summary>
    public int[] DateIndex { get; }

    /// <summary>Code index of each row (n).</summary>
    public int[] CodeIndex { get; }

    /// <summary>True label of each row (n).</summary>
    public int[] Labels { get; }

    /// <summary>Sample weight of each row (n).</summary>
    public float[] Weights { get; }

    /// <summary>Rows n.</summary>
    public int Count => DateIndex.Length;

    /// <summary>P(class c) of row i.</summary>
    public float Probability(int row, int c) => Probabilities[(row * Classes) + c];

    /// <summary>Run-folder rows (predictions.csv), one per sample, sorted by (date, code).</summary>
    /// <param name="model">Model name.</param>
    /// <param name="dates">The cube's dates (T), indexed by <see cref="DateIndex"/>.</param>
    /// <param name="codes">The cube's codes (N), indexed by <see cref="CodeIndex"/>.</param>
    public IReadOnlyList<PredictionRecord> ToRecords(string model, IReadOnlyList<DateOnly> dates, IReadOnlyList<string> codes)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(codes);
        var rows = Enumerable.Range(0, Count)
            .OrderBy(i => DateIndex[i]).ThenBy(i => codes[CodeIndex[i]], StringComparer.Ordinal)
            .Select(i => Classes == 3
                ? new PredictionRecord(dates[DateIndex[i]], codes[CodeIndex[i]], model, Probability(i, 0), Probability(i, 1), Probability(i, 2))
                : PredictionRecord.FromClasses(dates[DateIndex[i]], codes[CodeIndex[i]], model, Probabilities.AsSpan(i * Classes, Classes)));
        return rows.ToList();
    }
}
