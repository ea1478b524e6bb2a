using Kosmo.Models.Evaluation;

namespace Kosmo.Models.Tests.Evaluation;

public sealed class CorrelationTests
{
    [Fact]
    public void AverageRanks_Should_ShareTheMeanRank_When_ValuesTie()
    {
        // Given values with a tie of two and a tie of three
        double[] x = [10, 20, 20, 5, 7, 7, 7];

        // When ranking
        var r = Correlation.AverageRanks(x);

        // Then 5→1, 7,7,7→3, 10→5, 20,20→6.5
        r.Should().Equal(5, 6.5, 6.5, 1, 3, 3, 3);
    }

    [Fact]
    public void Spearman_Should_BeOne_When_RelationIsMonotoneButNotLinear()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [1, 8, 27, 64, 125];
        Correlation.Spearman(x, y).Should().BeApproximately(1.0, 1e-15);
        Correlation.Pearson(x, y).Should().BeLessThan(0.99);
    }

    [Fact]
    public void Pearson_Should_MatchHandValue_When_SmallSample()
    {
        // Given x = 1,2,3 and y = 1,3,2: dx = -1,0,1; dy = -1,1,0 → sxy = 1, sxx = 2, syy = 2 → r = 0.5
        Correlation.Pearson([1, 2, 3], [1, 3, 2]).Should().BeApproximately(0.5, 1e-15);
    }

    [Fact]
    public void Pearson_Should_BeNaN_When_OneSideIsConstantOrTooShort()
    {
        Correlation.Pearson([1, 2, 3], [4, 4, 4]).Should().Be(double.NaN);
        Correlation.Pearson([1, 2], [1, 2]).Should().Be(double.NaN);
    }
}
