using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;

namespace Kosmo.Models.Tests.Neural;

/// <summary>
/// A tiny dataset for model tests: n stocks, one sample each (the last of L dates), standard-normal features,
/// uniformly random labels and, optionally, one categorical (3 levels) and one real static per stock.
/// </summary>
internal static class TinyWindows
{
    public static WindowDataset Create(int n, int lookback, int features, int classes, int seed, bool statics = false, int? batchSize = null)
    {
        var rng = new Random(seed);
        var dates = Enumerable.Range(0, lookback).Select(d => new DateOnly(2024, 1, 1).AddDays(d)).ToArray();
        var codes = Enumerable.Range(0, n).Select(i => $"{i:D6}").ToArray();
        var cube = new FeatureCube(dates, codes, Enumerable.Range(0, features).Select(k => $"f{k}").ToArray());
        for (var i = 0; i < cube.Values.Length; i++)
        {
            cube.Values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        }

        var labels = new LabelSet("random", dates, codes, classes, 1);
        Array.Fill(labels.Label, -1);
        var samples = new (int T, int Code)[n];
        for (var i = 0; i < n; i++)
        {
            labels.Label[labels.Index(i, lookback - 1)] = rng.Next(classes);
            samples[i] = (lookback - 1, i);
        }

        var staticInputs = statics
            ? new StaticInputs(n, Enumerable.Range(0, n).Select(i => i % 3).ToArray(), 1, Enumerable.Range(0, n).Select(i => (float)rng.NextDouble()).ToArray(), 1)
            : null;
        return new WindowDataset(cube, labels, samples, null, staticInputs, new DatasetOptions(lookback, batchSize ?? n, Shuffle: true, Seed: seed));
    }

    /// <summary>The first batch (in unshuffled order).</summary>
    public static WindowBatch FirstBatch(WindowDataset data)
    {
        var batch = data.CreateBatch();
        data.Fill(Enumerable.Range(0, data.Count).ToArray(), 0, batch);
        return batch;
    }
}
