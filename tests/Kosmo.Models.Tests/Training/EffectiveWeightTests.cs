using Kosmo.Features.Weights;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Training;

/// <summary>The effective weight of a training sample (how often it is drawn × how much its loss counts) is ∝ w, once.</summary>
public sealed class EffectiveWeightTests
{
    [Fact]
    public void CappedDrawAndWeightedLoss_Should_GiveGradientProportionalToW_When_SamplesAreOtherwiseAlike()
    {
        // Given 8 samples with the same logits and label but different sample weights
        float[] w = [0.25f, 0.5f, 1f, 2f, 4f, 0.75f, 1.5f, 3f];
        var pool = Enumerable.Range(0, w.Length).ToArray();
        var total = new double[w.Length];
        const int Draws = 10_000;
        const int N = 3;

        // When the fold cap draws 3 of them 10,000 times and each draw is one weighted cross-entropy batch
        // (a fixed normaliser, so the per-sample gradient is w_i · (softmax − onehot) / N)
        for (var s = 0; s < Draws; s++)
        {
            var drawn = TrainingSubsample.Draw(pool, N, s);
            var logits = new Parameter("x", [.. Enumerable.Repeat(new[] { 0.2f, -0.1f, 0.4f }, N).SelectMany(r => r)], N, 3);
            using (TensorArena.Scope())
            {
                var loss = Ops.CrossEntropy(logits, [.. Enumerable.Repeat(2, N)], null, [.. drawn.Select(j => w[j])], N);
                loss.Backward();
            }

            for (var r = 0; r < N; r++)
            {
                total[drawn[r]] += -logits.Grad![(r * 3) + 2];
            }
        }

        // Then the summed gradient of each sample is ∝ w (the old draw ∝ w would have made it ∝ w²)
        var perUnit = total.Select((g, k) => g / w[k]).ToArray();
        var mean = perUnit.Average();
        perUnit.Should().OnlyContain(v => Math.Abs(v / mean - 1) < 0.05);
    }
}
