using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;

namespace Kosmo.Models.Tests.Zoo;

/// <summary>Builds real <see cref="WindowBatch"/>es through the lazy dataset: one code per sample, window = the code's L dates.</summary>
internal static class ZooData
{
    /// <summary>n samples of (L, K) windows drawn N(0, 1) (seeded) with random labels in [0, classes), optional statics.</summary>
    public static WindowBatch Random(int n, int lookback, int features, int classes, int seed, StaticInputs? statics = null, int batchSize = 0)
    {
        var rng = new Random(seed);
        return Build(n, lookback, features, (_, _, _) => (float)Gauss(rng), _ => rng.Next(classes), classes, statics, batchSize);
    }

    /// <summary>n samples with x[i, l, k] = value(i, l, k) and label(i).</summary>
    public static WindowBatch Build(int n, int lookback, int features, Func<int, int, int, float> value, Func<int, int> label, int classes,
        StaticInputs? statics = null, int batchSize = 0)
    {
        var dataset = Dataset(n, lookback, features, value, label, classes, statics, batchSize);
        var batch = dataset.CreateBatch();
        dataset.Fill(dataset.EpochOrder(0), 0, batch);
        return batch;
    }

    public static WindowDataset Dataset(int n, int lookback, int features, Func<int, int, int, float> value, Func<int, int> label, int classes,
        StaticInputs? statics = null, int batchSize = 0)
    {
        var dates = Enumerable.Range(0, lookback).Select(d => new DateOnly(2024, 1, 1).AddDays(d)).ToArray();
        var codes = Enumerable.Range(0, n).Select(i => $"C{i:D4}").ToArray();
        var cube = new FeatureCube(dates, codes, Enumerable.Range(0, features).Select(k => $"f{k}").ToArray());
        var labels = new LabelSet("test", dates, codes, classes, 1);
        for (var i = 0; i < n; i++)
        {
            for (var l = 0; l < lookback; l++)
            {
                for (var k = 0; k < features; k++)
                {
                    cube.Set(i, l, k, value(i, l, k));
                }
            }

            var cell = labels.Index(i, lookback - 1);
            labels.Label[cell] = label(i);
            labels.T1[cell] = lookback - 1;
        }

        var samples = Enumerable.Range(0, n).Select(i => (lookback - 1, i)).ToArray();
        return new WindowDataset(cube, labels, samples, null, statics,
            new DatasetOptions(lookback, batchSize > 0 ? batchSize : n, 1.0, false, false, 0));
    }

    public static double Gauss(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
