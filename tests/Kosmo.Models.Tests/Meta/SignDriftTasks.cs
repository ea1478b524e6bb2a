using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;

namespace Kosmo.Models.Tests.Meta;

/// <summary>
/// A synthetic task distribution where adaptation must help: M months × 10 trading days × 8 codes, K = 2 features
/// N(0, 1); month m has a sign s_m = ±1 (seeded) and label = 1 when s_m·x0 + 0.3·x1 &gt; 0, else 0. Pooled over months the label is nearly independent of x0.
/// Labels end the next day (T1 = t + 1), so the builder purges the last support day of each month.
/// </summary>
internal sealed class SignDriftTasks
{
    public SignDriftTasks(int months, int seed, int lookback = 1)
    {
        Options = new(Lookback: lookback, BatchSize: 64, MaxMissingFraction: 1, Shuffle: true, Seed: 1);
        const int days = 10, codes = 8;
        var rng = new Random(seed);
        Signs = Enumerable.Range(0, months).Select(_ => rng.Next(2) == 0 ? -1f : 1f).ToArray();
        var dates = Enumerable.Range(0, months).SelectMany(m => Enumerable.Range(0, days).Select(d => new DateOnly(2020, 1, 2).AddMonths(m).AddDays(d))).ToArray();
        var codeNames = Enumerable.Range(0, codes).Select(i => $"S{i}").ToArray();
        Cube = new FeatureCube(dates, codeNames, ["x0", "x1"]);
        Labels = new LabelSet("sign_drift", dates, codeNames, 2, 1);
        var samples = new List<(int T, int Code)>();
        for (var t = 0; t < dates.Length; t++)
        {
            var s = Signs[t / days];
            for (var i = 0; i < codes; i++)
            {
                var x0 = (float)Kosmo.Models.Tests.Zoo.ZooData.Gauss(rng);
                var x1 = (float)Kosmo.Models.Tests.Zoo.ZooData.Gauss(rng);
                Cube.Set(i, t, 0, x0);
                Cube.Set(i, t, 1, x1);
                var cell = Labels.Index(i, t);
                Labels.Label[cell] = (s * x0) + (0.3f * x1) > 0 ? 1 : 0;
                Labels.T1[cell] = Math.Min(t + 1, dates.Length - 1);
                samples.Add((t, i));
            }
        }

        Samples = samples;
    }

    public float[] Signs { get; }

    public FeatureCube Cube { get; }

    public LabelSet Labels { get; }

    public IReadOnlyList<(int T, int Code)> Samples { get; }

    public DatasetOptions Options { get; }

    /// <summary>Share of argmax predictions equal to the label.</summary>
    public double Accuracy(float[] probs, WindowDataset query)
    {
        var hits = 0;
        for (var j = 0; j < query.Count; j++)
        {
            var (t, i) = query.Sample(j);
            var predicted = probs[2 * j + 1] > probs[2 * j] ? 1 : 0;
            hits += predicted == Labels.Label[Labels.Index(i, t)] ? 1 : 0;
        }

        return (double)hits / query.Count;
    }
}
