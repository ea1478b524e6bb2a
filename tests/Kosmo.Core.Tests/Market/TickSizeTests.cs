using Kosmo.Core;

namespace Kosmo.Core.Tests.MarketRules;

public class TickSizeTests
{
    private static readonly DateOnly _after = new(2023, 1, 25);
    private static readonly DateOnly _before = new(2023, 1, 24);

    [Theory]
    [InlineData(1_999, 1)]
    [InlineData(2_000, 5)]
    [InlineData(4_995, 5)]
    [InlineData(5_000, 10)]
    [InlineData(19_990, 10)]
    [InlineData(20_000, 50)]
    [InlineData(50_000, 100)]
    [InlineData(199_900, 100)]
    [InlineData(200_000, 500)]
    [InlineData(500_000, 1_000)]
    public void Of_Should_FollowTheUnifiedTable_When_DateIsFrom20230125(double price, double tick)
    {
        TickSize.Of(price, Kosmo.Core.Market.Kosdaq, _after).Should().Be(tick);
        TickSize.Of(price, Kosmo.Core.Market.Kospi, _after).Should().Be(tick);
    }

    [Theory]
    [InlineData(999, 1, 1)]
    [InlineData(1_000, 5, 5)]
    [InlineData(5_000, 10, 10)]
    [InlineData(10_000, 50, 50)]
    [InlineData(50_000, 100, 100)]
    [InlineData(100_000, 500, 100)]
    [InlineData(500_000, 1_000, 100)]
    public void Of_Should_DifferBetweenKospiAndKosdaq_When_DateIsBefore20230125(double price, double kospi, double kosdaq)
    {
        TickSize.Of(price, Kosmo.Core.Market.Kospi, _before).Should().Be(kospi);
        TickSize.Of(price, Kosmo.Core.Market.Kosdaq, _before).Should().Be(kosdaq);
    }

    [Fact]
    public void RoundDown_Should_SnapToTheGrid_When_PriceIsBetweenTicks()
    {
        TickSize.RoundDown(12_347, Kosmo.Core.Market.Kosdaq, _after).Should().Be(12_340);
        TickSize.RoundDown(1_234, Kosmo.Core.Market.Kosdaq, _before).Should().Be(1_230);
    }

    [Theory]
    [InlineData(Market.Kospi)]
    [InlineData(Market.Kosdaq)]
    [InlineData(Market.Konex)]
    public void OfUnifiedTable_Should_BeTheTickOfEveryMarket_When_TheUnifiedTableIsInForce(Market market)
    {
        foreach (var price in new[] { 1.0, 999, 1_999, 2_000, 4_999, 5_000, 19_999, 20_000, 49_999, 50_000, 199_999, 200_000, 499_999, 500_000, 2_000_000 })
        {
            TickSize.OfUnifiedTable(price).Should().Be(TickSize.Of(price, market, _after), $"price {price}");
        }
    }
}
