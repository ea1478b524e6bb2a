using Kosmo.Core;

namespace Kosmo.Core.Tests.Panel;

public sealed class PanelTests
{
    private static readonly DateOnly D0 = new(2024, 1, 2);

    private static Core.Panel Make() => new(
        [D0, D0.AddDays(1), D0.AddDays(2)],
        [new StockInfo("000040", "A", Market.Kospi, "", null, null), new StockInfo("00088K", "B", Market.Kosdaq, "벤처기업부", null, null)]);

    [Fact]
    public void Constructor_Should_FillEveryFieldWithNaN_When_Created()
    {
        var panel = Make();

        foreach (var field in Enum.GetValues<PanelField>())
        {
            panel.Field(field).Should().HaveCount(6).And.OnlyContain(v => float.IsNaN(v));
        }
    }

    [Fact]
    public void Series_Should_BeCodeMajorAndContiguous_When_ValuesAreSet()
    {
        var panel = Make();
        panel.Set(PanelField.Close, 1, 2, 1234f);

        panel.Series(PanelField.Close, 1)[2].Should().Be(1234f);
        panel.Field(PanelField.Close)[1 * 3 + 2].Should().Be(1234f);
        panel.IndexOfCode("00088K").Should().Be(1);
    }

    [Fact]
    public void IndexAtOrBefore_Should_ReturnLastDateNotAfter_When_DateFallsBetweenTradingDays()
    {
        var panel = Make();

        panel.IndexAtOrBefore(D0.AddDays(-1)).Should().Be(-1);
        panel.IndexAtOrBefore(D0.AddDays(1)).Should().Be(1);
        panel.IndexAtOrBefore(D0.AddDays(30)).Should().Be(2);
    }

    [Fact]
    public void Constructor_Should_Throw_When_DatesAreNotIncreasing()
    {
        var act = () => new Core.Panel([D0, D0], [new StockInfo("000040", "A", Market.Kospi, "", null, null)]);

        act.Should().Throw<ArgumentException>().WithMessage("*strictly increasing*");
    }

    [Fact]
    public void IsTrading_Should_BeFalse_When_VolumeIsZeroOrHalted()
    {
        var panel = Make();
        panel.Set(PanelField.Close, 0, 0, 100f);
        panel.Set(PanelField.Volume, 0, 0, 10f);
        panel.Set(PanelField.Close, 0, 1, 100f);
        panel.Set(PanelField.Volume, 0, 1, 0f);
        panel.Set(PanelField.Close, 0, 2, 100f);
        panel.Set(PanelField.Volume, 0, 2, 10f);
        panel.FlagSeries(0)[2] = BarFlags.Halted;

        panel.IsTrading(0, 0).Should().BeTrue();
        panel.IsTrading(0, 1).Should().BeFalse();
        panel.IsTrading(0, 2).Should().BeFalse();
    }

    [Fact]
    public void MarketAt_Should_FollowTheDatedHistory_When_AStockMoved()
    {
        // Given stock B (KOSPI at the end) that was KOSDAQ on the first date, with no row on the second
        var panel = Make();
        panel.SetMarkets(1, [Market.Kosdaq, Market.Unknown, Market.Kospi]);

        // Then the market is KOSDAQ until the move (a date without a row keeps the previous market), KOSPI from it on
        panel.MarketAt(1, 0).Should().Be(Market.Kosdaq);
        panel.MarketAt(1, 1).Should().Be(Market.Kosdaq);
        panel.MarketAt(1, 2).Should().Be(Market.Kospi);
        panel.MarketHistory(1).Should().Equal(new MarketSpan(0, Market.Kosdaq), new MarketSpan(2, Market.Kospi));
    }

    [Fact]
    public void SetMarkets_Should_StoreNothing_When_EveryDateHasTheStocksMarketOrNone()
    {
        // Given stock A (KOSPI) whose rows all say KOSPI, and stock B whose rows carry no market
        var panel = Make();
        panel.SetMarkets(0, [Market.Unknown, Market.Kospi, Market.Kospi]);
        panel.SetMarkets(1, [Market.Unknown, Market.Unknown, Market.Unknown]);

        // Then both read their stock-level market on every date, without a dated history
        panel.MarketHistory(0).Should().BeEmpty();
        panel.MarketHistory(1).Should().BeEmpty();
        Enumerable.Range(0, 3).Should().OnlyContain(t => panel.MarketAt(0, t) == Market.Kospi && panel.MarketAt(1, t) == Market.Kosdaq);
        var act = () => panel.SetMarkets(0, [Market.Kospi]);
        act.Should().Throw<ArgumentException>();
    }
}
