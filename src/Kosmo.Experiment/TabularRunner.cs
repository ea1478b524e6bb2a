using Kosmo.Core.IO;
using Kosmo.Models.Abstractions;
using Kosmo.Models.RunFolder;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>Runs a row-wise <see cref="IClassifier"/> (logistic regression, momentum rules) on the last day's features.</summary>
internal sealed class TabularRunner(string name, Func<int, IClassifier> factory) : IModelRunner
{
    public string Name => name;

    /// <summary>A fresh, unfitted classifier of this runner for C label classes (the out-of-time step refits it).</summary>
    public IClassifier Create(int classes) => factory(classes);

    public IReadOnlyList<PredictionRecord> Run(Prepared prepared, FoldData fold, string cellDir, Action<string> status, CancellationToken cancel)
    {
        var classes = prepared.Labels.ClassCount;
        var model = factory(classes);
        status($"{name}: fitting on {fold.Train.Length + fold.Validation.Length:N0} samples");
        model.Fit(Rows(prepared, [.. fold.Train, .. fold.Validation]));
        cancel.ThrowIfCancellationRequested();
        var test = Rows(prepared, fold.Test);
        return ClassifierPredictions.ToRecords(name, test, model.PredictProba(test), classes);
    }

    /// <summary>The last day's feature vector of each sample (NaN = missing), with its label and weight.</summary>
    public static TabularSet Rows(Prepared prepared, int[] indices)
    {
        var cube = prepared.Cube;
        var K = cube.FeatureCount;
        return Rows(prepared, indices, cube.Names, (i, t, row) => cube.Values.AsSpan((int)cube.Offset(i, t), K).CopyTo(row));
    }

    /// <summary>
    /// One row per sample: <paramref name="fill"/>(code, date, row) writes its |<paramref name="names"/>| features; the
    /// sample's label, weight, date and code beside it.
    /// </summary>
    internal static TabularSet Rows(Prepared prepared, int[] indices, string[] names, RowFill fill)
    {
        var F = names.Length;
        var T = prepared.Panel.DateCount;
        var x = new float[(long)indices.Length * F];
        var y = new int[indices.Length];
        var w = new float[indices.Length];
        var d = new DateOnly[indices.Length];
        var c = new string[indices.Length];
        for (var r = 0; r < indices.Length; r++)
        {
            var j = indices[r];
            var t = prepared.Samples.Start[j];
            var i = prepared.Samples.Code[j];
            fill(i, t, x.AsSpan((int)((long)r * F), F));
            y[r] = prepared.Labels.Label[i * T + t];
            w[r] = prepared.Weights[i * T + t];
            d[r] = prepared.Panel.Dates[t];
            c[r] = prepared.Panel.Codes[i];
        }

        return new TabularSet(names, x, y, w, d, c);
    }

    /// <summary>Writes the features of code <c>i</c> at date <c>t</c> into <c>row</c>.</summary>
    internal delegate void RowFill(int i, int t, Span<float> row);
}
