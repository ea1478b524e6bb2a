using Kosmo.Models.Evaluation;

namespace Kosmo.Models.Tests.Evaluation;

public sealed class BlockBootstrapTests
{
    [Fact]
    public void Resamples_Should_BeRunsOfConsecutiveDates_When_BlockLengthIsFive()
    {
        // When drawing resamples of 23 dates in blocks of 5
        var resamples = BlockBootstrap.Resamples(23, 5, 50, seed: 11).ToList();

        // Then each has 23 indices in [0, 23), and within each block index i+1 follows i (mod 23)
        resamples.Should().HaveCount(50);
        foreach (var idx in resamples)
        {
            idx.Should().HaveCount(23).And.OnlyContain(i => i >= 0 && i < 23);
            for (var j = 0; j < idx.Length; j++)
            {
                if (j % 5 != 0)
                {
                    idx[j].Should().Be((idx[j - 1] + 1) % 23);
                }
            }
        }
    }

    [Fact]
    public void Resamples_Should_RepeatExactly_When_SeedIsTheSame_And_DifferOtherwise()
    {
        var a = BlockBootstrap.Resamples(40, 7, 5, seed: 3).SelectMany(x => x).ToArray();
        var b = BlockBootstrap.Resamples(40, 7, 5, seed: 3).SelectMany(x => x).ToArray();
        var c = BlockBootstrap.Resamples(40, 7, 5, seed: 4).SelectMany(x => x).ToArray();
        a.Should().Equal(b);
        a.Should().NotEqual(c);
    }

    [Fact]
    public void SplitMix64_Should_ProduceTheReferenceStream_When_SeededWithZero()
    {
        // The published first output of SplitMix64 seeded with 0 (as in Vigna's splitmix64.c)
        new SplitMix64(0).Next().Should().Be(0xE220A8397B1DCDAFUL);
    }

    [Fact]
    public void Quantile_Should_InterpolateLinearly_When_BetweenOrderStatistics()
    {
        // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75 (position 0.75)
        BlockBootstrap.Quantile([4, 1, 3, 2], 0.25).Should().BeApproximately(1.75, 1e-15);
        BlockBootstrap.Quantile([4, 1, 3, 2], 1.0).Should().Be(4);
    }

    [Fact]
    public void PercentileInterval_Should_BeWiderThanIidInterval_When_DailyValuesAreAutocorrelated()
    {
        // Given 400 daily values of an AR(1) with rho 0.9, the mean's block-bootstrap interval must be wider than
        // the one from blocks of one date (iid), which ignores the serial dependence
        var rng = new SplitMix64(5);
        var x = new double[400];
        for (var t = 1; t < x.Length; t++)
        {
            x[t] = (0.9 * x[t - 1]) + (rng.NextDouble() - 0.5);
        }

        double Width(int block)
        {
            var (lo, hi) = BlockBootstrap.PercentileInterval(
                BlockBootstrap.Resamples(x.Length, block, 400, 9).Select(idx => idx.Average(i => x[i])));
            return hi - lo;
        }

        // Then
        Width(40).Should().BeGreaterThan(1.8 * Width(1));
    }
}
