using Kosmo.Features.Weights;

namespace Kosmo.Features.Tests.Weights;

public sealed class TrainingSubsampleTests
{
    [Fact]
    public void Draw_Should_IncludeEverySampleEquallyOften_When_TheWeightsDiffer()
    {
        // Given a pool of 10 samples (their weights play no part in the draw)
        var pool = Enumerable.Range(100, 10).ToArray();
        float[] w = [0.1f, 0.2f, 0.5f, 1f, 2f, 3f, 0.3f, 0.7f, 1.5f, 4f];
        var counts = new double[10];
        const int Draws = 20_000;

        // When 4 are drawn 20,000 times with different seeds
        for (var s = 0; s < Draws; s++)
        {
            foreach (var j in TrainingSubsample.Draw(pool, 4, s))
            {
                counts[j - 100]++;
            }
        }

        // Then each sample's inclusion rate is 4/10, and inclusion × loss weight is ∝ w (not w²)
        foreach (var c in counts)
        {
            (c / Draws).Should().BeApproximately(0.4, 0.015);
        }

        var effective = counts.Select((c, k) => c * w[k]).ToArray();
        var ratio = effective.Select((e, k) => e / w[k] / effective.Sum() * w.Sum()).ToArray();
        ratio.Should().OnlyContain(r => Math.Abs(r - 1) < 0.04);
    }

    [Fact]
    public void Draw_Should_ReturnThePool_When_ItIsNotLargerThanN()
    {
        int[] pool = [3, 1, 2];

        TrainingSubsample.Draw(pool, 3, 7).Should().Equal(3, 1, 2);
        TrainingSubsample.Draw(pool, 5, 7).Should().Equal(3, 1, 2);
    }

    [Fact]
    public void Draw_Should_BeSortedDistinctAndSeeded_When_Capped()
    {
        var pool = Enumerable.Range(0, 1000).Select(i => i * 3).ToArray();

        var a = TrainingSubsample.Draw(pool, 100, 42);
        var b = TrainingSubsample.Draw(pool, 100, 42);

        a.Should().Equal(b);
        a.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems().And.HaveCount(100);
        a.Should().OnlyContain(x => x % 3 == 0);
    }
}
