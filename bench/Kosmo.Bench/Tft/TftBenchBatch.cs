using Kosmo.Models.Tft;
using Kosmo.Tensors;

namespace Kosmo.Bench.Tft;

/// <summary>
/// The TFT-Lite benchmark set-up shared by the figures: a model with 2 static categoricals (3 and 10 levels) and 2
/// static reals, H = 4, 3 classes, dropout 0.1, seed 0; and one seeded random batch. <see cref="Rng"/> continues the
/// batch's stream (draw further inputs from it to keep the figures' data unchanged).
/// </summary>
internal sealed record TftBenchBatch(TftLite Model, Tensor X, int[] Cats, Tensor Reals, int[] Y, Random Rng)
{
    /// <summary>Builds the model and a batch. x: (b, l, k); cats: (b, 2); reals: (b, 2); y: (b).</summary>
    public static TftBenchBatch Create(int b, int l, int k, int d)
    {
        var model = new TftLite(new TftLiteOptions(k, [3, 10], 2, d, 4, 3, 0.1f, Seed: 0));
        var rng = new Random(1);
        var x = Tensor.Randn(rng, 1f, b, l, k);
        var cats = new int[b * 2];
        for (var i = 0; i < b; i++)
        {
            cats[2 * i] = rng.Next(3);
            cats[(2 * i) + 1] = rng.Next(10);
        }

        var reals = Tensor.Randn(rng, 1f, b, 2);
        var y = Enumerable.Range(0, b).Select(_ => rng.Next(3)).ToArray();
        return new TftBenchBatch(model, x, cats, reals, y, rng);
    }
}
