using Kosmo.Core;
using Kosmo.Data.Synthetic;

namespace Kosmo.Data.Tests.Synthetic;

public sealed class SyntheticMarketTests
{
    private static readonly Lazy<SyntheticMarket> _default = new(() => SyntheticMarket.Generate(new SyntheticOptions { Seed = 42 }));

    [Fact]
    public void Generate_Should_GiveIdenticalMarkets_When_SeedIsTheSame()
    {
        // Given two generations with one seed and one with another
        var o = new SyntheticOptions { Stocks = 30, Years = 1, Seed = 5 };

        // When generated
        var a = SyntheticMarket.Generate(o);
        var b = SyntheticMarket.Generate(o);
        var c = SyntheticMarket.Generate(o with { Seed = 6 });

        // Then the same seed gives the same bars and index bars, another seed does not
        a.Bars.Should().Equal(b.Bars);
        a.IndexBars.Should().Equal(b.IndexBars);
        a.Bars.Select(x => x.Close).Should().NotEqual(c.Bars.Select(x => x.Close));
    }

    [Fact]
    public void Generate_Should_RespectDailyPriceLimitsAndTicks_When_MarketIsSimulated()
    {
        // Given the default market (2014-2019: both the ±15% and the ±30% regime)
        var m = _default.Value;

        // Then no change exceeds the day's limit, limit hits are flagged in both regimes, prices sit on ticks
        var traded = m.Bars.Where(b => (b.Flags & BarFlags.Halted) == 0).ToList();
        traded.Should().OnlyContain(b => Math.Abs(b.ChangeRatio) <= KrxRules.Limit(b.Date) + 1e-9);
        traded.Should().OnlyContain(b => b.Low <= Math.Min(b.Open, b.Close) && b.High >= Math.Max(b.Open, b.Close));
        traded.Should().OnlyContain(b => Math.Abs(b.Close / KrxRules.Tick(b.Close) - Math.Round(b.Close / KrxRules.Tick(b.Close))) < 1e-9);
        var upper = traded.Where(b => (b.Flags & BarFlags.UpperLimit) != 0).ToList();
        upper.Should().Contain(b => b.Date < PriceLimit.Widened).And.Contain(b => b.Date >= PriceLimit.Widened);
        upper.Where(b => b.Close >= 1000).Should().OnlyContain(b => b.ChangeRatio >= KrxRules.Limit(b.Date) - 0.01);
        traded.Should().Contain(b => (b.Flags & BarFlags.LowerLimit) != 0);
    }

    [Fact]
    public void Generate_Should_IncludeHaltsDelistingsSplitsAndKrxStyleListings_When_MarketIsSimulated()
    {
        var m = _default.Value;
        var end = m.Calendar[^1];

        // Halts: volume 0, no O/H/L; delistings: series stop early
        m.Bars.Where(b => (b.Flags & BarFlags.Halted) != 0).Should().HaveCountGreaterThan(50)
            .And.OnlyContain(b => b.Volume == 0 && double.IsNaN(b.Open));
        m.Stocks.Count(s => s.LastDate < end).Should().BeGreaterThan(5);

        // Splits: the raw close falls about 5x while the reported change (against the adjusted base) stays within the limit
        var byCode = m.Bars.GroupBy(b => b.Code).ToDictionary(g => g.Key, g => g.ToList());
        var splits = byCode.Values.SelectMany(bars => bars.Zip(bars.Skip(1)).Where(p => p.Second.Close / p.First.Close < 0.4 && p.Second.ChangeRatio > -0.3)).ToList();
        splits.Should().NotBeEmpty();
        splits.Where(p => p.First.Close >= 1000).Should().NotBeEmpty()
            .And.OnlyContain(p => Math.Abs(p.Second.Close / (1 + p.Second.ChangeRatio) * 5 / p.First.Close - 1) < 0.02);

        // KRX-like listings: preferreds (code ends in 5, name ends 우), SPACs (스팩), KOSDAQ tiers, 관리종목 spells
        m.Stocks.Should().Contain(s => s.Code.EndsWith('5') && s.Name.EndsWith('우'));
        m.Stocks.Should().Contain(s => s.Name.Contains("스팩", StringComparison.Ordinal));
        m.Stocks.Select(s => s.Market).Distinct().Should().BeEquivalentTo([Market.Kospi, Market.Kosdaq]);
        m.Stocks.Where(s => s.Market == Market.Kosdaq).Select(s => s.Dept).Should().Contain("벤처기업부");
        m.Bars.Should().Contain(b => (b.Flags & BarFlags.Administrative) != 0);
        m.Bars.Should().OnlyContain(b => (b.Flags & BarFlags.Synthetic) != 0);
        m.IndexBars.Select(b => b.Name).Distinct().Should().BeEquivalentTo(["KOSPI", "KOSDAQ", "VIX"]);
    }

    [Fact]
    public void Generate_Should_PlantAWeakMomentumEffect_When_PastAndFutureReturnsAreRanked()
    {
        // Given the default market's adjusted log-return paths (from the reported change ratios)
        var m = _default.Value;
        var ics = MomentumIc.Compute(m, lookback: 60, horizon: 20);

        // Then the mean rank IC is positive, weak, and significant
        var mean = ics.Average();
        var sd = Math.Sqrt(ics.Sum(x => (x - mean) * (x - mean)) / (ics.Count - 1));
        var t = mean / (sd / Math.Sqrt(ics.Count));
        mean.Should().BeInRange(0.01, 0.10);
        t.Should().BeGreaterThan(2.5);
    }

    [Fact]
    public void ToPanel_Should_MarkThePanelSynthetic_When_Built()
    {
        var m = SyntheticMarket.Generate(new SyntheticOptions { Stocks = 20, Years = 1, Seed = 9 });

        var panel = m.ToPanel();

        panel.IsSynthetic.Should().BeTrue();
        panel.Description.Should().Contain("synthetic").And.Contain("seed 9");
        panel.CodeCount.Should().Be(m.Stocks.Count(s => s.FirstDate is not null));
        panel.DateCount.Should().Be(m.Calendar.Count);
        panel.Indices.Keys.Should().Contain("KOSDAQ");
    }
}
