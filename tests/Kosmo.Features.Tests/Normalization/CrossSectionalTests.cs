using Kosmo.Features.Normalization;

namespace Kosmo.Features.Tests.Normalization;

public sealed class CrossSectionalTests
{
    private static FeatureCube Day(params float[] values)
    {
        var cube = new FeatureCube([new DateOnly(2024, 1, 2)], [.. values.Select((_, i) => $"C{i}")], ["x"]);
        for (var i = 0; i < values.Length; i++)
        {
            cube.Set(i, 0, 0, values[i]);
        }

        return cube;
    }

    private static float[] Values(FeatureCube cube) => [.. Enumerable.Range(0, cube.Codes.Length).Select(i => cube.Get(i, 0, 0))];

    [Fact]
    public void Rank_Should_MapToMinusOneOneWithAverageTies_When_DayHasTies()
    {
        // Given 5, NaN, 1, 5, 3 → ranks among 4 finite values: 1 → 0, 3 → 1/3, 5,5 → (2+3)/2/3 = 5/6
        var cube = Day(5, float.NaN, 1, 5, 3);
        CrossSectional.Rank(cube, ["x"]);
        var v = Values(cube);
        v[0].Should().BeApproximately(2 * 5f / 6 - 1, 1e-6f);
        v[1].Should().Be(float.NaN);
        v[2].Should().Be(-1f);
        v[4].Should().BeApproximately(2 / 3f - 1, 1e-6f);

        var zeroOne = Day(5, 1, 3);
        CrossSectional.Rank(zeroOne, ["x"], RankRange.ZeroOne);
        Values(zeroOne).Should().Equal(1f, 0f, 0.5f);
    }

    [Fact]
    public void ZScore_Should_StandardiseTheDay_When_Applied()
    {
        // Given 1, 2, 3 (mean 2, population std √(2/3))
        var cube = Day(1, 2, 3);
        CrossSectional.ZScore(cube, ["x"]);
        Values(cube)[2].Should().BeApproximately((float)(1 / Math.Sqrt(2.0 / 3)), 1e-6f);
        Values(cube)[1].Should().Be(0f);
    }

    [Fact]
    public void Winsorize_Should_ClipToDailyQuantiles_When_DayHasOutliers()
    {
        // Given 0..10 and 1000: 10% quantile = 1.1, 90% = 9.9 (linear interpolation over 12 values)
        var cube = Day([.. Enumerable.Range(0, 11).Select(v => (float)v), 1000]);
        CrossSectional.Winsorize(cube, ["x"], 0.1, 0.9);
        var v = Values(cube);
        v[0].Should().BeApproximately(1.1f, 1e-5f);
        v[11].Should().BeApproximately(9.9f, 1e-5f);
        v[5].Should().Be(5f);
    }
}
