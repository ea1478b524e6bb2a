using Kosmo.Core;
using Kosmo.Data.Synthetic;

namespace Kosmo.Data.Tests.Synthetic;

public sealed class SyntheticPanelTests
{
    [Fact]
    public void Generate_Should_BeTheMarketCutAfterTheRequestedDay_When_GivenStocksAndDays()
    {
        // Given the panel of 30 stocks over 300 trading days (more than one year, so the market is generated for two)
        var panel = SyntheticPanel.Generate(30, 300, seed: 5);
        var market = SyntheticMarket.Generate(new SyntheticOptions { Stocks = 30, Years = 2, Seed = 5 });

        // Then it has exactly the market's first 300 trading days, and each stock's raw bars on them
        panel.IsSynthetic.Should().BeTrue();
        panel.Dates.Should().Equal(market.Calendar.Take(300));
        var last = panel.Dates[^1];
        var bars = market.Bars.Where(b => b.Date <= last).ToList();
        panel.Codes.Should().Equal(bars.Select(b => b.Code).Distinct().Order(StringComparer.Ordinal));
        panel.CodeCount.Should().BeGreaterThan(30 / 2);
        foreach (var bar in bars)
        {
            var (i, t) = (panel.IndexOfCode(bar.Code), panel.IndexOfDate(bar.Date));
            panel.Get(PanelField.Close, i, t).Should().Be((float)bar.Close);
            panel.Get(PanelField.Volume, i, t).Should().Be((float)bar.Volume);
            panel.Flags[(i * panel.DateCount) + t].Should().Be(bar.Flags);
        }

        // And the indices are cut to the same days
        panel.Indices.Keys.Should().BeEquivalentTo("KOSPI", "KOSDAQ", "VIX");
        panel.Indices["KOSDAQ"].Close.Should().OnlyContain(c => float.IsFinite(c) && c > 0);
    }

    [Fact]
    public void Generate_Should_GiveBitIdenticalPanels_When_CalledTwiceWithTheSameArguments()
    {
        // Given two panels from the same arguments and one from another seed (a few months: less than a year)
        var a = SyntheticPanel.Generate(20, 60, seed: 9);
        var b = SyntheticPanel.Generate(20, 60, seed: 9);
        var c = SyntheticPanel.Generate(20, 60, seed: 10);

        // Then every field and flag is identical, and another seed differs
        a.DateCount.Should().Be(60);
        foreach (var field in Enum.GetValues<PanelField>())
        {
            a.Field(field).Select(BitConverter.SingleToInt32Bits).Should().Equal(b.Field(field).Select(BitConverter.SingleToInt32Bits), field.ToString());
        }

        a.Flags.Should().Equal(b.Flags);
        a.Field(PanelField.Close).Should().NotEqual(c.Field(PanelField.Close));
    }

    [Fact]
    public void Generate_Should_BackAdjustAcrossSplitsAndKeepHaltsAndLimits_When_TheMarketIsLarge()
    {
        // Given a larger panel (splits are rare: 3% of stocks)
        var panel = SyntheticPanel.Generate(150, 700, seed: 3);
        var T = panel.DateCount;
        var close = panel.Field(PanelField.Close);
        var adj = panel.Field(PanelField.AdjClose);
        var change = panel.Field(PanelField.ChangeRatio);
        var splits = 0;
        var days = 0;
        var mismatches = new List<string>();

        // Then on every day a stock trades after trading the day before, the adjusted return is the reported change,
        // also on split days, where the raw close falls to about a fifth
        for (var i = 0; i < panel.CodeCount; i++)
        {
            for (var t = 1; t < T; t++)
            {
                var k = (i * T) + t;
                if (!(close[k - 1] > 0) || !(close[k] > 0) || (panel.Flags[k] & BarFlags.Halted) != 0)
                {
                    continue;
                }

                days++;
                if (Math.Abs(((double)adj[k] / adj[k - 1]) - 1 - change[k]) > 2e-4)
                {
                    mismatches.Add($"{panel.Codes[i]} on {panel.Dates[t]}: adjusted {(double)adj[k] / adj[k - 1] - 1}, reported {change[k]}");
                }

                splits += close[k] / close[k - 1] < 0.5 * (1 + change[k]) ? 1 : 0;
            }
        }

        mismatches.Should().BeEmpty();
        days.Should().BeGreaterThan(50_000);
        splits.Should().BeGreaterThan(0, "the test means something only when a split is in the panel");
        adj.Where(float.IsFinite).Should().OnlyContain(a => a > 0);

        // And halts and both limit flags occur, as in the market
        panel.Flags.Should().Contain(f => (f & BarFlags.Halted) != 0)
            .And.Contain(f => (f & BarFlags.UpperLimit) != 0)
            .And.Contain(f => (f & BarFlags.LowerLimit) != 0);
    }

    [Fact]
    public void Generate_Should_Refuse_When_StocksOrDaysAreBelowOne()
    {
        var noDays = () => SyntheticPanel.Generate(10, 0, seed: 1);
        var noStocks = () => SyntheticPanel.Generate(0, 10, seed: 1);
        noDays.Should().Throw<ArgumentOutOfRangeException>();
        noStocks.Should().Throw<ArgumentOutOfRangeException>();
    }
}
