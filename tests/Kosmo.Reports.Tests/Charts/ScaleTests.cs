using Kosmo.Reports.Charts;

namespace Kosmo.Reports.Tests.Charts;

public class ScaleTests
{
    [Theory]
    [InlineData(1.0, 5, 0.2)] // raw 0.2 -> 2 × 0.1
    [InlineData(7.3, 6, 1.0)] // raw 1.22 -> 1 × 1
    [InlineData(100.0, 4, 20.0)] // raw 25 -> residual 2.5 -> 2 × 10
    [InlineData(0.9, 2, 0.5)] // raw 0.45 -> residual 4.5 -> 5 × 0.1
    [InlineData(90.0, 10, 10.0)] // raw 9 -> residual 9 -> 10 × 1
    public void Step_Should_BeOneTwoOrFiveTimesAPowerOfTen_When_SpanIsDivided(double span, int count, double expected)
    {
        NiceTicks.Step(span, count).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Ticks_Should_ListStepMultiplesInsideTheRange_When_RangeIsNotAligned()
    {
        // Given [-0.3, 7] and about 6 intervals the step is 1, so ticks are the integers 0..7.
        var ticks = NiceTicks.Ticks(-0.3, 7, 6);

        ticks.Should().Equal(0, 1, 2, 3, 4, 5, 6, 7);
    }

    [Fact]
    public void Map_Should_InterpolateLinearly_When_RangeIsInverted()
    {
        // Given a y axis where data 0..10 maps to pixels 300 (bottom) .. 100 (top)
        var scale = new LinearScale(0, 10, 300, 100);

        // Then 5 is halfway (200) and 2.5 a quarter of the way up (250)
        scale.Map(5).Should().Be(200);
        scale.Map(2.5).Should().Be(250);
        scale.Map(0).Should().Be(300);
    }

    [Fact]
    public void Map_Should_ReturnRangeMiddle_When_DomainHasZeroWidth()
    {
        new LinearScale(3, 3, 0, 100).Map(3).Should().Be(50);
    }

    [Fact]
    public void NiceDomain_Should_WidenToStepBoundaries_When_EndsAreRagged()
    {
        // span 0.47 over 6 intervals: raw 0.078 -> step 0.1; [-0.32, 0.15] widens to [-0.4, 0.2]
        var (lo, hi) = LinearScale.NiceDomain(-0.32, 0.15, 6);

        lo.Should().BeApproximately(-0.4, 1e-12);
        hi.Should().BeApproximately(0.2, 1e-12);
    }

    [Fact]
    public void LogMap_Should_SpaceDecadesEqually_When_DomainSpansThreeDecades()
    {
        // Given 1..1000 mapped to 0..300 pixels, each decade takes 100 pixels
        var scale = new LogScale(1, 1000, 0, 300);

        scale.Map(1).Should().BeApproximately(0, 1e-9);
        scale.Map(10).Should().BeApproximately(100, 1e-9);
        scale.Map(100).Should().BeApproximately(200, 1e-9);
        scale.Map(Math.Sqrt(10)).Should().BeApproximately(50, 1e-9);
    }

    [Fact]
    public void LogTicks_Should_UseOneTwoFive_When_TheyFitTheRequestedCount()
    {
        var scale = new LogScale(1, 1000, 0, 300);

        scale.Ticks(10).Should().Equal(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000);
    }

    [Fact]
    public void LogTicks_Should_KeepOnlyPowersOfTen_When_OneTwoFiveAreTooMany()
    {
        // 10 candidate ticks > 1.5 × 6, so only the decades remain
        new LogScale(1, 1000, 0, 300).Ticks(6).Should().Equal(1, 10, 100, 1000);
    }

    [Fact]
    public void LogTicks_Should_FallBackToLinearTicks_When_DomainIsUnderOneDecade()
    {
        // Given growth of 1 from 0.8 to 2.7: only 1 and 2 are 1-2-5 ticks, so nice linear ticks (step 0.5) are used
        new LogScale(0.8, 2.7, 0, 300).Ticks(6).Should().Equal(1, 1.5, 2, 2.5);
    }

    [Fact]
    public void LogMap_Should_ClampToDomainMinimum_When_ValueIsNotPositive()
    {
        var scale = new LogScale(1, 100, 0, 200);

        scale.Map(0).Should().Be(scale.Map(1));
        scale.Map(double.NaN).Should().Be(scale.Map(1));
        double.IsFinite(scale.Map(-5)).Should().BeTrue();
    }

    [Fact]
    public void LogScale_Should_Throw_When_DomainIsNotPositive()
    {
        var act = () => new LogScale(0, 10, 0, 100);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void TimeTicks_Should_FallOnYearStarts_When_SpanIsSeveralYears()
    {
        var scale = new TimeScale(new DateOnly(2021, 1, 4), new DateOnly(2024, 12, 30), 0, 1000);

        scale.Ticks().Select(t => t.Label).Should().Equal("2021", "2022", "2023", "2024");
        scale.Ticks()[0].Date.Should().Be(new DateOnly(2021, 1, 4)); // 4 days after 1 January: labelled at the first date
        scale.Map(new DateOnly(2021, 1, 4)).Should().Be(0);
        scale.Map(new DateOnly(2024, 12, 30)).Should().Be(1000);
    }

    [Fact]
    public void TimeTicks_Should_FallOnMonthStarts_When_SpanIsUnderNineMonths()
    {
        var scale = new TimeScale(new DateOnly(2024, 1, 15), new DateOnly(2024, 4, 20), 0, 1000);

        scale.Ticks().Select(t => t.Label).Should().Equal("2024-02", "2024-03", "2024-04");
    }
}
