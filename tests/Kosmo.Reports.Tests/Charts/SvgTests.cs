using Kosmo.Reports.Charts;

namespace Kosmo.Reports.Tests.Charts;

public class SvgTests
{
    [Theory]
    [InlineData(double.NaN, "0")]
    [InlineData(double.PositiveInfinity, "0")]
    [InlineData(1.005, "1")]
    [InlineData(-12.346, "-12.35")]
    [InlineData(300, "300")]
    public void Num_Should_WriteFiniteInvariantText_When_GivenAnyDouble(double value, string expected)
    {
        Svg.Num(value).Should().Be(expected);
    }

    [Fact]
    public void PathData_Should_BreakTheLine_When_APointIsNotFinite()
    {
        var d = Svg.PathData([(0, 0), (1, 1), (2, double.NaN), (3, 3), (4, 4)]);

        d.Should().Be("M0,0L1,1M3,3L4,4");
    }

    [Fact]
    public void LineChart_Should_NeverWriteNaN_When_SeriesHoldNaNAndNonPositiveValuesOnALogAxis()
    {
        // Given a log-scale series with NaN, zero and negative values among valid ones
        var series = new LineSeries("s", "#000000", [(1, 1.0), (2, double.NaN), (3, 0.0), (4, -1.0), (5, 2.0)]);
        var chart = new LineChart { Id = "c", Label = "c", Series = [series], XKind = AxisKind.Linear, YKind = AxisKind.Log };

        // When rendered
        var svg = chart.Render();

        // Then the markup holds no NaN/Infinity and still draws the valid points
        svg.Should().NotContain("NaN").And.NotContain("Infinity").And.Contain("<path d=\"M");
    }

    [Fact]
    public void LineChart_Should_SayNoData_When_AllSeriesAreEmpty()
    {
        var chart = new LineChart { Id = "c", Label = "c", Series = [new LineSeries("s", "#000000", [])] };

        chart.Render().Should().Contain("no data").And.StartWith("<svg id=\"c\"");
    }
}
