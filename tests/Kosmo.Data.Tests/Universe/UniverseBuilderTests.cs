using Kosmo.Core;
using Kosmo.Data.Universe;

namespace Kosmo.Data.Tests.Universe;

public sealed class UniverseBuilderTests
{
    private static readonly UniverseRules _short = new() { MinHistoryDays = 5, LiquidityWindow = 5, MinLiquidityObservations = 3, SmallCapFraction = 1.0 };

    [Fact]
    public void Build_Should_NeverAdmitKonexOrUnknownMarkets_When_RulesListKonex()
    {
        // Given a KOSPI, a KOSDAQ, a KONEX and an unknown-market stock, and rules that even list KONEX
        var panel = TestPanels.Make(10, ("000020", "가", Market.Kospi, "", 50e9), ("100000", "나", Market.Kosdaq, "벤처기업부", 50e9),
            ("200000", "다", Market.Konex, "일반기업부", 50e9), ("300000", "라", Market.Unknown, "", 50e9));
        var rules = _short with { Markets = new HashSet<Market> { Market.Kospi, Market.Kosdaq, Market.Konex } };

        // When building
        var u = UniverseBuilder.Build(panel, rules);

        // Then only KOSPI and KOSDAQ are members on the last day; KONEX and unknown are excluded by the market rule
        u.MembersAt(9).Should().Equal("000020", "100000");
        u.ReasonOf(2, 9).Should().Be(ExclusionReason.Market);
        u.ReasonOf(3, 9).Should().Be(ExclusionReason.Market);
    }

    [Theory]
    [InlineData("123450", "하나금융25호스팩", "", ExclusionReason.Spac)]
    [InlineData("123450", "엔에이치기업인수목적", "SPAC(소속부없음)", ExclusionReason.Spac)]
    [InlineData("005935", "삼성전자우", "", ExclusionReason.Preferred)]
    [InlineData("00088K", "한화3우B", "", ExclusionReason.Preferred)]
    [InlineData("123450", "두산퓨얼셀2우B", "", ExclusionReason.Preferred)]
    [InlineData("123450", "코리아써키트1우", "", ExclusionReason.Preferred)]
    [InlineData("123450", "미래에셋대우", "", ExclusionReason.None)]
    [InlineData("123450", "KODEX 200", "", ExclusionReason.Fund)]
    [InlineData("123450", "맥쿼리인프라", "", ExclusionReason.Fund)]
    [InlineData("123450", "신한알파리츠", "", ExclusionReason.Fund)]
    [InlineData("0126Z0", "신규상장", "", ExclusionReason.None)]
    [InlineData("kospi", "kospi", "", ExclusionReason.NotAStock)]
    [InlineData("kosdaq", "kosdaq", "", ExclusionReason.NotAStock)]
    public void Build_Should_ExcludeSecurityTypes_When_CodeOrNameIdentifiesThem(string code, string name, string dept, ExclusionReason expected)
    {
        var panel = TestPanels.Make(10, (code, name, Market.Kosdaq, dept, 50e9));

        var u = UniverseBuilder.Build(panel, _short);

        u.ReasonOf(0, 9).Should().Be(expected);
    }

    [Fact]
    public void Build_Should_ExcludeFlaggedAndHaltedOnlyOnThoseDays()
    {
        // Given a stock flagged 관리종목 on day 6 and halted (volume 0) on day 8
        var panel = TestPanels.Make(10, ("100000", "가", Market.Kosdaq, "", 50e9));
        panel.Flags[6] = BarFlags.Administrative;
        TestPanels.Set(panel, 0, 8, close: 5000, volume: 0, cap: 50e9);
        panel.Flags[8] = BarFlags.Halted;

        var u = UniverseBuilder.Build(panel, _short);

        Enumerable.Range(0, 10).Select(t => u.ReasonOf(0, t)).Should().Equal(
            ExclusionReason.ShortHistory, ExclusionReason.ShortHistory, ExclusionReason.ShortHistory, ExclusionReason.ShortHistory,
            ExclusionReason.None, ExclusionReason.None, ExclusionReason.Flagged, ExclusionReason.None, ExclusionReason.Halted, ExclusionReason.None);
    }

    [Fact]
    public void Build_Should_RequireHistorySinceFirstBar_When_StockListsLate()
    {
        // Given a stock whose first bar is day 4 (NaN before)
        var panel = TestPanels.Make(12, ("100000", "가", Market.Kosdaq, "", 50e9));
        for (var t = 0; t < 4; t++)
        {
            TestPanels.Clear(panel, 0, t);
        }

        var u = UniverseBuilder.Build(panel, _short);

        // Then it is NotListed before day 4, ShortHistory for its first 4 days, and a member from its 5th day (day 8)
        u.ReasonOf(0, 3).Should().Be(ExclusionReason.NotListed);
        u.ReasonOf(0, 7).Should().Be(ExclusionReason.ShortHistory);
        u.ReasonOf(0, 8).Should().Be(ExclusionReason.None);
    }

    [Fact]
    public void Build_Should_ApplyLiquidityFloorOnTrailingMeanAndPriceFloor()
    {
        // Given A trading 400 M KRW a day (below 500 M), B 600 M, C 600 M but priced 900 KRW
        var panel = TestPanels.Make(10, ("100000", "A", Market.Kosdaq, "", 50e9), ("100010", "B", Market.Kosdaq, "", 50e9), ("100020", "C", Market.Kosdaq, "", 50e9));
        for (var t = 0; t < 10; t++)
        {
            TestPanels.Set(panel, 0, t, 5000, 80_000, 50e9);
            TestPanels.Set(panel, 1, t, 5000, 120_000, 50e9);
            TestPanels.Set(panel, 2, t, 900, 700_000, 50e9);
        }

        // And on day 9, A trades 2.6 bn once: the 5-day mean becomes (4 × 0.4 + 2.6) / 5 = 0.84 bn
        TestPanels.Set(panel, 0, 9, 5000, 520_000, 50e9);

        var u = UniverseBuilder.Build(panel, _short);

        u.ReasonOf(0, 8).Should().Be(ExclusionReason.Illiquid);
        u.ReasonOf(0, 9).Should().Be(ExclusionReason.None);
        u.ReasonOf(1, 8).Should().Be(ExclusionReason.None);
        u.ReasonOf(2, 8).Should().Be(ExclusionReason.LowPrice);
    }

    [Fact]
    public void Build_Should_NotChangeMembershipAtOrBeforeT_When_DataAfterTChanges()
    {
        // Given a 40-day panel of 30 stocks with random prices, volumes and caps
        var rng = new Random(7);
        var stocks = Enumerable.Range(0, 30).Select(i => ($"{100000 + i * 10}", $"S{i}", Market.Kosdaq, "", 20e9 + rng.NextDouble() * 80e9)).ToArray();
        var panel = TestPanels.Make(40, stocks);
        for (var i = 0; i < 30; i++)
        {
            for (var t = 0; t < 40; t++)
            {
                TestPanels.Set(panel, i, t, 500 + rng.Next(3000), rng.Next(0, 400_000), 20e9 + rng.NextDouble() * 80e9);
            }
        }

        var rules = new UniverseRules { MinHistoryDays = 10 };
        var before = UniverseBuilder.Build(panel, rules);

        // When every value after day 25 is scrambled
        const int cut = 25;
        for (var i = 0; i < 30; i++)
        {
            for (var t = cut + 1; t < 40; t++)
            {
                TestPanels.Set(panel, i, t, 100 + rng.Next(50_000), rng.Next(0, 4_000_000), 1e9 + rng.NextDouble() * 1e12);
            }
        }

        var after = UniverseBuilder.Build(panel, rules);

        // Then nothing at or before day 25 moved
        for (var i = 0; i < 30; i++)
        {
            for (var t = 0; t <= cut; t++)
            {
                after.ReasonOf(i, t).Should().Be(before.ReasonOf(i, t), $"code {i} day {t}");
            }
        }

        Enumerable.Range(0, 40).Sum(before.MemberCount).Should().BeGreaterThan(0, "the test must exercise members");
    }

    [Fact]
    public void Build_Should_KeepLowerHalfAboveCapFloor_When_SizingByMarketCap()
    {
        // Given 10 liquid stocks with caps 20, 25, 40, 50, ..., 110 bn
        double[] caps = [20e9, 25e9, 40e9, 50e9, 60e9, 70e9, 80e9, 90e9, 100e9, 110e9];
        var panel = TestPanels.Make(10, caps.Select((c, i) => ($"{100000 + i * 10}", $"S{i}", Market.Kosdaq, "", c)).ToArray());

        var u = UniverseBuilder.Build(panel, _short with { SmallCapFraction = 0.5 });

        // Then 2 fall under the 30 bn floor and, of the 8 others, the 4 smallest are in
        u.MembersAt(9).Should().Equal("100020", "100030", "100040", "100050");
        u.ExcludedCount(9, ExclusionReason.BelowMinMarketCap).Should().Be(2);
        u.ExcludedCount(9, ExclusionReason.AboveSmallCapBand).Should().Be(4);
        u.SizeBasis[9].Should().Be(SizeBasis.MarketCap);
        Enumerable.Range(0, UniverseResult.ReasonCount).Sum(r => u.Counts[9 * UniverseResult.ReasonCount + r]).Should().Be(10);
    }

    [Fact]
    public void Build_Should_CarryCapByAdjustedReturn_When_CapMissingAfterLastMarcapDay()
    {
        // Given caps known only on day 0..4; afterwards NaN, and stock 0's adjusted close doubles on day 7
        double[] caps = [40e9, 60e9];
        var panel = TestPanels.Make(10, caps.Select((c, i) => ($"{100000 + i * 10}", $"S{i}", Market.Kosdaq, "", c)).ToArray());
        for (var i = 0; i < 2; i++)
        {
            for (var t = 5; t < 10; t++)
            {
                panel.Set(PanelField.MarketCap, i, t, float.NaN);
            }
        }

        for (var t = 7; t < 10; t++)
        {
            panel.Set(PanelField.AdjClose, 0, t, 10_000);
        }

        var u = UniverseBuilder.Build(panel, _short with { SmallCapFraction = 0.5 });

        // Then day 6 is sized by carried caps (stock 0 smaller), and from day 7 stock 0 is 80 bn > 60 bn
        u.SizeBasis[4].Should().Be(SizeBasis.MarketCap);
        u.SizeBasis[6].Should().Be(SizeBasis.CarriedMarketCap);
        u.MembersAt(6).Should().Equal("100000");
        u.MembersAt(8).Should().Equal("100010");
    }

    [Fact]
    public void Build_Should_FallBackToTradingValueProxyWithoutCapFloor_When_NoCapsKnown()
    {
        // Given no market caps at all and trading values 0.6, 0.8, 1.0, 1.2 bn a day
        var panel = TestPanels.Make(10, Enumerable.Range(0, 4).Select(i => ($"{100000 + i * 10}", $"S{i}", Market.Kosdaq, "", double.NaN)).ToArray());
        for (var i = 0; i < 4; i++)
        {
            for (var t = 0; t < 10; t++)
            {
                TestPanels.Set(panel, i, t, 5000, 120_000 + 40_000 * i, double.NaN);
            }
        }

        var u = UniverseBuilder.Build(panel, _short with { SmallCapFraction = 0.5 });

        u.SizeBasis[9].Should().Be(SizeBasis.TradingValueProxy);
        u.MembersAt(9).Should().Equal("100000", "100010");
        u.ExcludedCount(9, ExclusionReason.BelowMinMarketCap).Should().Be(0);
    }
}
