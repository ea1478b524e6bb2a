using Kosmo.Core;
using Kosmo.Features.Statics;
using Kosmo.Features.Synthetic;

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
        var panel = GbmPanelGenerator.Generate(40, 120, seed: 9);
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
}
