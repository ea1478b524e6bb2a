using Kosmo.Features;
using Kosmo.Features.Dataset;
using Kosmo.Features.Labels;

namespace Kosmo.Bench.Training;

/// <summary>
/// The benches' training data: steps·batch windows of the given lookback over 64 codes with K uniform(−1, 1) features
/// and 3 random classes (seed 1), plus static categoricals and reals per code when asked for, as the real run feeds them.
/// </summary>
internal static class RandomWindows
{
    public static WindowDataset Dataset(string name, int steps, int batch, int lookback, int features, int[] cards, int staticReals)
    {
        const int codes = 64;
        var sampleDates = (steps * batch) / codes;
        var dates = Enumerable.Range(0, lookback + sampleDates).Select(d => new DateOnly(2020, 1, 1).AddDays(d)).ToArray();
        var names = Enumerable.Range(0, codes).Select(i => $"{i:D6}").ToArray();
        var cube = new FeatureCube(dates, names, Enumerable.Range(0, features).Select(k => $"f{k}").ToArray());
        var rng = new Random(1);
        for (var i = 0; i < cube.Values.Length; i++)
        {
            cube.Values[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        var labels = new LabelSet(name, dates, names, 3, 1);
        Array.Fill(labels.Label, -1);
        var samples = new List<(int T, int Code)>();
        for (var t = lookback - 1; t < lookback - 1 + sampleDates; t++)
        {
            for (var i = 0; i < codes; i++)
            {
                labels.Label[labels.Index(i, t)] = rng.Next(3);
                samples.Add((t, i));
            }
        }

        StaticInputs? statics = null;
        if (cards.Length > 0 || staticReals > 0)
        {
            var cat = Enumerable.Range(0, codes * cards.Length).Select(j => rng.Next(cards[j % cards.Length])).ToArray();
            var reals = Enumerable.Range(0, codes * staticReals).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            statics = new StaticInputs(codes, cat, cards.Length, reals, staticReals);
        }

        return new WindowDataset(cube, labels, samples, null, statics, new DatasetOptions(lookback, batch, Seed: 1));
    }
}
