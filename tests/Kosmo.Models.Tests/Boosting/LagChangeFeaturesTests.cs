using Kosmo.Features;
using Kosmo.Models.Boosting;

namespace Kosmo.Models.Tests.Boosting;

/// <summary>The tree model's rows: last-day features and their causal 5- and 20-day changes.</summary>
public sealed class LagChangeFeaturesTests
{
    [Fact]
    public void Fill_Should_WriteTheFeaturesThenTheirChanges_When_TheLaggedRowsExist()
    {
        // Given a dense cube with x_k(t) = (k + 1) · t² for one stock
        var cube = Cube(30, 2, (t, k) => (k + 1) * t * t);
        var row = new float[6];

        // When filling the row of date 25 with lags 5 and 20
        LagChangeFeatures.Fill(cube, 0, 25, [5, 20], row);

        // Then it holds x(25), x(25) − x(20) and x(25) − x(5), named in that order
        row.Should().Equal(625f, 1250f, 625f - 400f, 1250f - 800f, 625f - 25f, 1250f - 50f);
        LagChangeFeatures.Names(["a", "b"], [5, 20]).Should().Equal("a", "b", "a_chg5", "b_chg5", "a_chg20", "b_chg20");
    }

    [Fact]
    public void Fill_Should_WriteMissingChanges_When_TheLagReachesBeforeTheFirstDate()
    {
        // Given a cube and a date with 5 but not 20 days of history
        var cube = Cube(30, 1, (t, _) => t);
        var row = new float[3];

        // When filling date 10
        LagChangeFeatures.Fill(cube, 0, 10, [5, 20], row);

        // Then the 20-day change is missing
        row[1].Should().Be(5f);
        float.IsNaN(row[2]).Should().BeTrue();
    }

    [Fact]
    public void Fill_Should_NotMove_When_EverythingAfterTheDateIsPerturbed()
    {
        // Given a cube and the row of date 22
        var cube = Cube(40, 3, (t, k) => MathF.Sin(t + k));
        var before = new float[9];
        LagChangeFeatures.Fill(cube, 0, 22, LagChangeFeatures.DefaultLags, before);

        // When every value after date 22 changes
        for (var t = 23; t < 40; t++)
        {
            for (var k = 0; k < 3; k++)
            {
                cube.Set(0, t, k, 1e6f);
            }
        }

        var after = new float[9];
        LagChangeFeatures.Fill(cube, 0, 22, LagChangeFeatures.DefaultLags, after);

        // Then the row is the same (causal)
        after.Should().Equal(before);
    }

    private static FeatureCube Cube(int dates, int features, Func<int, int, float> value)
    {
        var start = new DateOnly(2020, 1, 1);
        var cube = new FeatureCube([.. Enumerable.Range(0, dates).Select(start.AddDays)], ["000001"], [.. Enumerable.Range(0, features).Select(k => $"f{k}")]);
        for (var t = 0; t < dates; t++)
        {
            for (var k = 0; k < features; k++)
            {
                cube.Set(0, t, k, value(t, k));
            }
        }

        return cube;
    }
}
