using Kosmo.Core;
using Kosmo.Features.Statics;
using Kosmo.Data.Synthetic;

namespace Kosmo.Features.Tests.Statics;

public sealed class StaticAttributesTests
{
    [Theory]
    [InlineData("우량기업부", 1)]
    [InlineData("기술성장기업부", 4)]
    [InlineData("관리종목(소속부없음)", 5)]
    [InlineData("투자주의환기종목(소속부없음)", 6)]
    [InlineData("SPAC(소속부없음)", 7)]
    [InlineData("", 0)]
    [InlineData("일반기업부", 0)]
    public void DeptCategory_Should_MapSectionsAndOther_When_GivenMarcapDept(string dept, int expected)
    {
        StaticAttributes.DeptCategory(dept).Should().Be(expected);
    }

    [Fact]
    public void MarketCategory_Should_SeparateKosdaqGlobal_When_Flagged()
    {
        StaticAttributes.MarketCategory(new StockInfo("1", "", Market.Kosdaq, "", null, null) { IsKosdaqGlobal = true }).Should().Be(3);
        StaticAttributes.MarketCategory(new StockInfo("1", "", Market.Kospi, "", null, null)).Should().Be(1);
        StaticAttributes.MarketCategory(new StockInfo("1", "", Market.Unknown, "", null, null)).Should().Be(0);
    }

    [Fact]
    public void Build_Should_BucketByMarketCapQuantile_When_CapsAreKnown()
    {
        // Given a generated panel with market caps and 5 buckets
        var panel = SyntheticPanel.Generate(40, 120, seed: 9);
        var attributes = StaticAttributes.Build(panel, 5);

        // Then cardinalities include the unknown bucket, and on the last day larger caps never have smaller buckets
        attributes.Cardinalities.Should().Equal(new Dictionary<string, int> { ["market"] = 5, ["dept"] = 9, ["size"] = 6 });
        var t = panel.DateCount - 1;
        var listed = Enumerable.Range(0, panel.CodeCount).Where(i => float.IsFinite(panel.Get(PanelField.MarketCap, i, t))).OrderBy(i => panel.Get(PanelField.MarketCap, i, t)).ToArray();
        var buckets = listed.Select(i => attributes.At(i, t)[2]).ToArray();
        buckets.Should().BeInAscendingOrder();
        buckets.First().Should().Be(1);
        buckets.Last().Should().Be(5);
        buckets.GroupBy(b => b).Should().OnlyContain(g => g.Count() >= listed.Length / 5 - 1);
    }

    [Fact]
    public void Build_Should_GiveTheMarketCategoryOfEachDate_When_AStockMovedFromKosdaqToKospi()
    {
        // Given a generated panel in which stock 0 (now KOSPI) was KOSDAQ until date 50
        var panel = SyntheticPanel.Generate(12, 100, seed: 3);
        var stock = panel.Stocks[0];
        panel.Stocks[0] = stock with { Market = Market.Kospi };
        panel.SetMarkets(0, [.. Enumerable.Range(0, panel.DateCount).Select(t => t < 50 ? Market.Kosdaq : Market.Kospi)]);

        // When the attributes are built
        var attributes = StaticAttributes.Build(panel);

        // Then its market category is KOSDAQ (2) before the move and KOSPI (1) from it on, in MarketAt and At alike
        attributes.Market[0].Should().Be(2);
        attributes.MarketChanges.Should().Equal(new DatedCategory(0, 50, 1));
        attributes.MarketAt(0, 49).Should().Be(2);
        attributes.MarketAt(0, 50).Should().Be(1);
        attributes.At(0, 99)[0].Should().Be(1);

        // And a stock that never moved keeps its one category on every date
        Enumerable.Range(0, panel.DateCount).Should().OnlyContain(t => attributes.MarketAt(1, t) == StaticAttributes.MarketCategory(panel.Stocks[1]));
    }
}
