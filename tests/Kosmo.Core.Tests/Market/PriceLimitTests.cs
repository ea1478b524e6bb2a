using Kosmo.Core;

namespace Kosmo.Core.Tests.MarketRules;

public class PriceLimitTests
{
    [Theory]
    [InlineData(2015, 6, 12, 0.15)]
    [InlineData(2015, 6, 15, 0.30)]
    [InlineData(2024, 3, 4, 0.30)]
    public void Fraction_Should_WidenTo30Percent_When_DateIsFrom20150615(int y, int m, int d, double expected)
    {
        // Given a KOSDAQ stock on a date around the 2015-06-15 reform
        var date = new DateOnly(y, m, d);

        // When / Then
        PriceLimit.Fraction(Kosmo.Core.Market.Kosdaq, date).Should().Be(expected);
        PriceLimit.Fraction(Kosmo.Core.Market.Kospi, date).Should().Be(expected);
    }

    [Fact]
    public void Fraction_Should_Be15Percent_When_MarketIsKonex()
    {
        PriceLimit.Fraction(Kosmo.Core.Market.Konex, new DateOnly(2024, 1, 2)).Should().Be(0.15);
    }

    [Fact]
    public void Upper_Should_RoundDownToTick_When_LimitPriceFallsBetweenTicks()
    {
        // Given a previous close of 10,050 KRW in 2024: 10,050 × 1.3 = 13,065 and the tick at 13,065 is 10
        // When
        var upper = PriceLimit.Upper(10_050, Kosmo.Core.Market.Kosdaq, new DateOnly(2024, 5, 2));
        var lower = PriceLimit.Lower(10_050, Kosmo.Core.Market.Kosdaq, new DateOnly(2024, 5, 2));

        // Then 13,060 and 7,040: 7,035 has tick 10 and is rounded up, toward the base price
        upper.Should().Be(13_060);
        lower.Should().Be(7_040);
    }

    [Fact]
    public void IsAtUpper_Should_BeTrue_When_PriceEqualsTheLimitAndFalseOneTickBelow()
    {
        var date = new DateOnly(2014, 1, 3);
        // 10,000 × 1.15 = 11,500 (tick 50 under the pre-2023 table)
        PriceLimit.IsAtUpper(10_000, 11_500, Kosmo.Core.Market.Kospi, date).Should().BeTrue();
        PriceLimit.IsAtUpper(10_000, 11_450, Kosmo.Core.Market.Kospi, date).Should().BeFalse();
        PriceLimit.IsAtLower(10_000, 8_500, Kosmo.Core.Market.Kospi, date).Should().BeTrue();
        PriceLimit.IsAtLower(10_000, 8_550, Kosmo.Core.Market.Kospi, date).Should().BeFalse();
    }

    [Fact]
    public void Lower_Should_TruncateTheWidthToTheBaseTick_When_WidthFallsBetweenTicks()
    {
        // Given real KOSDAQ lower-limit days (marcap): 1,045 → 735 (2021-02-18) and 58,300 → 40,900 (2022-01-21)
        // 1,045 × 0.3 = 313.5 → truncated to the base tick 5 → 310; 58,300 × 0.3 = 17,490 → tick 100 → 17,400
        PriceLimit.Lower(1_045, Kosmo.Core.Market.Kosdaq, new DateOnly(2021, 2, 18)).Should().Be(735);
        PriceLimit.Lower(58_300, Kosmo.Core.Market.Kosdaq, new DateOnly(2022, 1, 21)).Should().Be(40_900);
        PriceLimit.Width(1_045, Kosmo.Core.Market.Kosdaq, new DateOnly(2021, 2, 18)).Should().Be(310);
    }

    [Fact]
    public void Upper_Should_Throw_When_PreviousCloseIsNotPositive()
    {
        var act = () => PriceLimit.Upper(0, Kosmo.Core.Market.Kospi, new DateOnly(2024, 1, 2));
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void MainBoardFraction_Should_ChangeOnTheWideningDay_When_AskedAroundIt()
    {
        PriceLimit.MainBoardFraction(new DateOnly(2015, 6, 12)).Should().Be(0.15);
        PriceLimit.MainBoardFraction(PriceLimit.Widened).Should().Be(0.30);
        PriceLimit.Fraction(Market.Kosdaq, PriceLimit.Widened).Should().Be(PriceLimit.MainBoardFraction(PriceLimit.Widened));
        PriceLimit.Fraction(Market.Konex, PriceLimit.Widened).Should().Be(0.15);
    }
}
