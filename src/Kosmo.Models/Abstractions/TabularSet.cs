namespace Kosmo.Models.Abstractions;

/// <summary>
/// Rows × features for classifiers: one row per (date, code) sample with its features (usually the last day of
/// the window), its label and its sample weight. Plain arrays; no domain logic. Missing features are NaN.
/// </summary>
public sealed class TabularSet
{
    /// <summary>Creates a set; the arrays are kept, not copied.</summary>
    /// <param name="featureNames">F feature names.</param>
    /// <param name="features">Features, (n, F) row-major; NaN = missing.</param>
    /// <param name="labels">n labels: 0 down, 1 flat, 2 up (0..K−1 for a K-class label method; each classifier checks its K), or -1 when unknown (rows to predict).</param>
    /// <param name="weights">n non-negative finite sample weights (e.g. label uniqueness).</param>
    /// <param name="dates">n dates (cross-sectional rules group rows by date).</param>
    /// <param name="codes">n stock codes.</param>
    /// <exception cref="ArgumentException">Lengths disagree, a label is below -1 or a weight is negative or not finite.</exception>
    public TabularSet(string[] featureNames, float[] features, int[] labels, float[] weights, DateOnly[] dates, string[] codes)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(codes);
        var n = labels.Length;
        if (features.Length != (long)n * featureNames.Length || weights.Length != n || dates.Length != n || codes.Length != n)
        {
            throw new ArgumentException($"Lengths disagree: {n} labels, {weights.Length} weights, {dates.Length} dates, {codes.Length} codes, " +
                $"{features.Length} feature values for {featureNames.Length} features.", nameof(features));
        }

        for (var i = 0; i < n; i++)
        {
            if (labels[i] < -1)
            {
                throw new ArgumentException($"Row {i}: label {labels[i]} is not -1 (unknown) or a class 0, 1, 2, ...", nameof(labels));
            }

            if (!float.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentException($"Row {i}: weight {weights[i]} is negative or not finite.", nameof(weights));
            }
        }

        FeatureNames = featureNames;
        Features = features;
        Labels = labels;
        Weights = weights;
        Dates = dates;
        Codes = codes;
    }

    /// <summary>Feature names, length F.</summary>
    public string[] FeatureNames { get; }

    /// <summary>Features, (n, F) row-major.</summary>
    public float[] Features { get; }

    /// <summary>Labels, length n (-1 = unknown).</summary>
    public int[] Labels { get; }

    /// <summary>Sample weights, length n.</summary>
    public float[] Weights { get; }

    /// <summary>Dates, length n.</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Codes, length n.</summary>
    public string[] Codes { get; }

    /// <summary>Number of rows n.</summary>
    public int Rows => Labels.Length;

    /// <summary>Number of features F.</summary>
    public int FeatureCount => FeatureNames.Length;

    /// <summary>Feature f of row i.</summary>
    public float Get(int row, int feature) => Features[((long)row * FeatureNames.Length) + feature];

    /// <summary>The index of a feature.</summary>
    /// <exception cref="ArgumentException">No such feature.</exception>
    public int IndexOf(string name)
    {
        var k = Array.IndexOf(FeatureNames, name);
        return k >= 0 ? k : throw new ArgumentException($"No feature '{name}' (have: {string.Join(", ", FeatureNames)}).", nameof(name));
    }

    /// <summary>Row indices grouped by date, dates ascending, rows in their original order.</summary>
    public IEnumerable<int[]> RowsByDate() =>
        Enumerable.Range(0, Rows).GroupBy(i => Dates[i]).OrderBy(g => g.Key).Select(g => g.ToArray());
}
