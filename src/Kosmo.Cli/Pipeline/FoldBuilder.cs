using Kosmo.Features.Splits;

namespace Kosmo.Cli.Pipeline;

/// <summary>Turns walk-forward splits into train / validation / test index sets with the caps of the config.</summary>
internal static class FoldBuilder
{
    /// <summary>
    /// The validation block is the last <c>validationFraction</c> of the training dates; training samples whose label
    /// window reaches into it are purged. Training is capped at <c>maxTrain</c> samples drawn without replacement with
    /// probability proportional to their sample weight (Efraimidis–Spirakis keys, seeded), so overlapping labels are
    /// drawn less often, in the spirit of AFML's sequential bootstrap; validation is capped at a quarter of that.
    /// </summary>
    public static FoldData Build(LabeledSamples samples, Split split, int index, float[] cellWeights, int dateCount, double validationFraction, int maxTrain, int seed)
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

        var weightOf = (int j) => cellWeights[samples.Code[j] * dateCount + samples.Start[j]];
        if (maxTrain > 0)
        {
            train = Sample(train, maxTrain, weightOf, seed);
            val = Sample(val, Math.Max(1000, maxTrain / 4), weightOf, seed + 1);
        }

        return new FoldData(index, split.Name, train, val, split.Test, seed);
    }

    /// <summary>Draws <paramref name="n"/> of <paramref name="pool"/> without replacement, probability ∝ weight (seeded); all when the pool is smaller. Sorted.</summary>
    internal static int[] Sample(int[] pool, int n, Func<int, float> weight, int seed)
    {
        if (pool.Length <= n)
        {
            return pool;
        }

        var rng = new Random(seed);
        var keyed = new (double Key, int J)[pool.Length];
        for (var k = 0; k < pool.Length; k++)
        {
            var w = Math.Max(1e-6, weight(pool[k]));
            keyed[k] = (Math.Log(rng.NextDouble() + double.Epsilon) / w, pool[k]);
        }

        return keyed.OrderByDescending(x => x.Key).ThenBy(x => x.J).Take(n).Select(x => x.J).Order().ToArray();
    }
}
