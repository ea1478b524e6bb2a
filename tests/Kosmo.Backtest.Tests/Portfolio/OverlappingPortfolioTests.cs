using Kosmo.Backtest.Costs;
using Kosmo.Backtest.Strategies;
using Kosmo.Core;

namespace Kosmo.Backtest.Tests.Portfolio;

/// <summary>The Jegadeesh–Titman tranche book: hand-computed tranche values and weights, holding periods, turnover.</summary>
public class OverlappingPortfolioTests
{
    private static readonly DateOnly _start = new(2024, 3, 4);

    [Fact]
    public void Targets_Should_FollowTheTrancheBook_When_PricesMove()
    {
        // Given A: 1,000 → 1,200 → 1,200 and B: 1,000 → 1,000 → 800; A is best on day 0, B on days 1 and 2
        var s = new Scenario(3, _start);
        s.Stock("A", Market.Kosdaq, [1_000, 1_200, 1_200], [1_000, 1_200, 1_200]);
        s.Stock("B", Market.Kosdaq, [1_000, 1_000, 800], [1_000, 1_000, 800]);
        var panel = s.Build();
        var signals = Scenario.Signals(panel, (t, i) => ((t == 0) == (i == 0) ? 0.6f : 0.2f, 0f));
        var current = new double[2];
        var ctx = new StrategyContext(panel, signals, null, current, [-1, -1], new bool[2]);
        var jt = new OverlappingPortfolioStrategy(tranches: 2, k: 1);

        // When called on days 0, 1 and 2
        var w0 = new double[2];
        ctx.T = 0;
        jt.Targets(ctx, w0);
        var refreshed0 = jt.LastRefreshed;
        var w1 = new double[2];
        ctx.T = 1;
        jt.Targets(ctx, w1);
        var refreshed1 = jt.LastRefreshed;
        var values1 = jt.TrancheValues(ctx);
        var w2 = new double[2];
        ctx.T = 2;
        jt.Targets(ctx, w2);

        // Then day 0: tranche 0 (½) buys A, tranche 1 is cash → A = 0.5
        refreshed0.Should().Be(0);
        w0.Should().Equal([0.5, 0], (a, b) => Math.Abs(a - b) < 1e-12);

        // Day 1: tranche 0 is worth 0.5 × 1.2 = 0.6; tranche 1 (0.5) buys B → A = 0.6 / 1.1, B = 0.5 / 1.1
        refreshed1.Should().Be(1);
        values1.Should().Equal([0.6, 0.5], (a, b) => Math.Abs(a - b) < 1e-12);
        w1.Should().Equal([0.6 / 1.1, 0.5 / 1.1], (a, b) => Math.Abs(a - b) < 1e-12);

        // Day 2: tranche 1's B fell to 0.4; tranche 0 sells A at 0.6 and buys B → B = (0.6 + 0.4) / 1.0
        jt.LastRefreshed.Should().Be(0);
        jt.TrancheValues(ctx).Should().Equal([0.6, 0.4], (a, b) => Math.Abs(a - b) < 1e-12);
        w2.Should().Equal([0, 1.0], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Run_Should_HoldEachTrancheForHDaysAndTurnOneHthOfTheBook_When_TheBestNameChangesDaily()
    {
        // Given 6 flat-price stocks; on day t the best name is S(t mod 6); h = 3 tranches of k = 1 name, daily calls
        const int days = 12;
        var s = new Scenario(days, _start);
        for (var i = 0; i < 6; i++) { s.Stock($"S{i}", Market.Kosdaq, Scenario.Flat(days, 1_000), Scenario.Flat(days, 1_000), volume: 1e9); }
        var panel = s.Build();
        var signals = Scenario.Signals(panel, (t, i) => (i == t % 6 ? 0.9f : 0.1f + (0.01f * i), 0f));
        var options = new BacktestOptions { InitialCash = 90_000_000, Frictions = Frictions.CostFree, StartIndex = 0, NoTradeBand = 0.001 };

        // When the overlapping portfolio runs
        var r = BacktestEngine.Run(panel, signals, new OverlappingPortfolioStrategy(tranches: 3, k: 1), options);

        // Then the book ramps up by a third a day (one-way 1/3 / 2 = 1/6), then each day one tranche sells its name and buys the new best: (1/3 + 1/3) / 2 = 1/3
        // (to within one 1,000-KRW share of rounding on 90 million)
        r.Turnover.Skip(1).Take(3).Should().Equal([1 / 6.0, 1 / 6.0, 1 / 6.0], (a, b) => Math.Abs(a - b) < 2e-5);
        r.Turnover.Skip(4).Should().AllSatisfy(x => x.Should().BeApproximately(1 / 3.0, 2e-5));

        // And every name bought on day d is sold on day d + 3 (held h = 3 days), each a third of the book
        var buys = r.Trades.Where(t => t.Side == TradeSide.Buy).ToList();
        foreach (var sell in r.Trades.Where(t => t.Side == TradeSide.Sell))
        {
            var buy = buys.Last(b => b.Code == sell.Code && b.Date < sell.Date);
            (Array.IndexOf(r.Dates, sell.Date) - Array.IndexOf(r.Dates, buy.Date)).Should().Be(3);
            sell.Shares.Should().BeInRange(29_999, 30_000);
        }

        r.Holdings.Skip(3).Take(days - 4).Should().AllSatisfy(h => h.Should().Be(3));
    }

    [Fact]
    public void Run_Should_GiveIdenticalResults_When_TheSameInstanceRunsTwice()
    {
        // Given one stateful strategy instance and a generated market
        var panel = Kosmo.Data.Synthetic.SyntheticPanel.Generate(20, 80, 5);
        var signals = Synthetic.SyntheticSignals.Generate(panel, skill: 0.2, seed: 6);
        var jt = new OverlappingPortfolioStrategy(tranches: 4, k: 3);

        // When it runs twice (the capacity table reuses strategy instances)
        var a = BacktestEngine.Run(panel, signals, jt, new BacktestOptions { NoTradeBand = 0.005 });
        var b = BacktestEngine.Run(panel, signals, jt, new BacktestOptions { NoTradeBand = 0.005 });

        // Then its tranche state was reset: identical paths
        b.Equity.Should().Equal(a.Equity);
        a.Trades.Should().NotBeEmpty();
    }
}
