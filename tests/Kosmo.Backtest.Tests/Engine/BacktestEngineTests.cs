using Kosmo.Backtest.Costs;
using Kosmo.Backtest.Strategies;
using Kosmo.Core;

namespace Kosmo.Backtest.Tests.Engine;

public class BacktestEngineTests
{
    private static readonly DateOnly _start = new(2024, 3, 4);
    private static readonly BacktestOptions _costFree = new() { Frictions = Frictions.CostFree };
    private static readonly TopKStrategy _top1 = new(K: 1, MinHoldDays: 0);

    private static SignalMatrix OnlyFirstCodeUp(Panel panel, int? lastSignalDay = null) =>
        Scenario.Signals(panel, (t, i) => lastSignalDay is { } l && t > l ? null : i == 0 ? (0.6f, 0.1f) : (0.1f, 0.6f));

    [Fact]
    public void Run_Should_BuyWholeSharesAtNextOpen_When_SignalArrivesAtClose()
    {
        // Given A with a good signal on day 0 and opens of 10,000 then 10,100
        var panel = new Scenario(4, _start)
            .Stock("A", Market.Kosdaq, [10_000, 10_100, 10_200, 10_300], [10_000, 10_150, 10_250, 10_350])
            .Stock("B", Market.Kosdaq, Scenario.Flat(4, 5_000), Scenario.Flat(4, 5_000))
            .Build();

        // When
        var result = BacktestEngine.Run(panel, OnlyFirstCodeUp(panel), _top1, _costFree);

        // Then the first fill is on day 1 at the open, floor(1e8 / 10,100) shares, and equity marks at the close
        var first = result.Trades[0];
        first.Date.Should().Be(panel.Dates[1]);
        first.Side.Should().Be(TradeSide.Buy);
        first.Price.Should().Be(10_100);
        first.Shares.Should().Be(9_900);
        result.Equity[0].Should().Be(100_000_000);
        result.Equity[1].Should().Be(100_000_000 - (9_900L * 10_100) + (9_900.0 * 10_150));
    }

    [Fact]
    public void Run_Should_FillAtNextClose_When_TimingIsClose()
    {
        var panel = new Scenario(3, _start)
            .Stock("A", Market.Kosdaq, [10_000, 10_100, 10_200], [10_000, 10_150, 10_250])
            .Build();

        var result = BacktestEngine.Run(panel, OnlyFirstCodeUp(panel), _top1, _costFree with { Timing = ExecutionTiming.Close });

        result.Trades[0].Price.Should().Be(10_150);
        result.Trades[0].Shares.Should().Be(100_000_000 / 10_150);
    }

    [Fact]
    public void Run_Should_NotTrade_When_StockIsHaltedOnTheFillDay()
    {
        // Given a signal on day 0 only and A halted on day 1
        var panel = new Scenario(4, _start)
            .Stock("A", Market.Kosdaq, Scenario.Flat(4, 10_000), Scenario.Flat(4, 10_000), halted: [1])
            .Build();

        // When
        var result = BacktestEngine.Run(panel, OnlyFirstCodeUp(panel, lastSignalDay: 0), _top1, _costFree);

        // Then nothing fills and equity stays at the initial cash
        result.Trades.Should().BeEmpty();
        result.Equity.Should().AllSatisfy(e => e.Should().Be(100_000_000));
    }

    [Fact]
    public void Run_Should_FreezeAndValueAtLastPrice_When_HeldStockIsHalted()
    {
        // Given A bought on day 1, then a sell signal from day 1 while A is halted on days 2-3 (price frozen at 11,000)
        var panel = new Scenario(6, _start)
            .Stock("A", Market.Kosdaq, [10_000, 10_000, 11_000, 11_000, 9_000, 9_000], [10_000, 11_000, 11_000, 11_000, 9_000, 9_000], halted: [2, 3])
            .Build();
        var signals = Scenario.Signals(panel, (t, _) => t == 0 ? (0.6f, 0.1f) : (0.1f, 0.6f));

        // When
        var result = BacktestEngine.Run(panel, signals, _top1, _costFree);

        // Then the sale happens on day 4 (first day after the halt), and equity on halted days uses 11,000
        var sell = result.Trades.Single(t => t.Side == TradeSide.Sell);
        sell.Date.Should().Be(panel.Dates[4]);
        result.Equity[2].Should().Be(result.Equity[3]);
        result.Holdings[3].Should().Be(1);
    }

    [Fact]
    public void Run_Should_NotBuy_When_OpenIsAtTheUpperLimit()
    {
        // Given A closes at 10,000 and opens day 1 at +30% (13,000 = upper limit)
        var panel = new Scenario(3, _start)
            .Stock("A", Market.Kosdaq, [10_000, 13_000, 13_000], [10_000, 13_000, 13_000])
            .Build();

        var result = BacktestEngine.Run(panel, OnlyFirstCodeUp(panel, lastSignalDay: 0), _top1, _costFree);

        result.Trades.Should().BeEmpty();
    }

    [Fact]
    public void Run_Should_NotSell_When_OpenIsAtTheLowerLimit()
    {
        // Given A bought day 1 at 10,000, a sell signal on day 1, and day 2 opening at −30% (7,000)
        var panel = new Scenario(4, _start)
            .Stock("A", Market.Kosdaq, [10_000, 10_000, 7_000, 7_000], [10_000, 10_000, 7_000, 7_100])
            .Build();
        var signals = Scenario.Signals(panel, (t, _) => t == 0 ? (0.6f, 0.1f) : (0.1f, 0.6f));

        var result = BacktestEngine.Run(panel, signals, _top1, _costFree);

        // Then the sale waits for day 3
        result.Trades.Single(t => t.Side == TradeSide.Sell).Date.Should().Be(panel.Dates[3]);
    }

    [Fact]
    public void Run_Should_ExitAtLastPriceMinusHaircut_When_HoldingIsDelisted()
    {
        // Given A held from day 1 whose last bar is day 2 (close 8,000) while the panel runs to day 4
        var panel = new Scenario(5, _start)
            .Stock("A", Market.Kosdaq, [10_000, 10_000, 9_000, 0, 0], [10_000, 10_000, 8_000, 0, 0], lastDay: 2)
            .Stock("B", Market.Kosdaq, Scenario.Flat(5, 5_000), Scenario.Flat(5, 5_000))
            .Build();
        var signals = Scenario.Signals(panel, (t, i) => i == 0 && t <= 2 ? (0.6f, 0.1f) : null);

        // When with a 30% haircut
        var result = BacktestEngine.Run(panel, signals, _top1, _costFree);

        // Then on day 3 the position leaves at 8,000 × 0.7 = 5,600 with no commission or tax
        var exit = result.Trades.Single(t => t.Side == TradeSide.Delist);
        exit.Date.Should().Be(panel.Dates[3]);
        exit.Price.Should().BeApproximately(5_600, 1e-9);
        exit.Cost.Should().Be(0);
        result.Holdings[3].Should().Be(0);
        result.Equity[3].Should().BeApproximately(result.Equity[2] - (exit.Shares * 2_400.0), 1.0);
    }

    [Fact]
    public void Run_Should_CapFillsAtTenPercentOfVolume_When_OrderIsLarge()
    {
        // Given a thin stock: 1,000 shares a day at 10,000 KRW, with 100 million to invest
        var panel = new Scenario(4, _start)
            .Stock("A", Market.Kosdaq, Scenario.Flat(4, 10_000), Scenario.Flat(4, 10_000), volume: 1_000)
            .Build();

        var result = BacktestEngine.Run(panel, OnlyFirstCodeUp(panel), _top1, _costFree);

        // Then each day buys at most 100 shares and the position grows by 100 a day
        result.Trades.Should().HaveCount(3).And.AllSatisfy(t => t.Shares.Should().Be(100));
    }

    [Fact]
    public void Run_Should_KeepFillsInsideThePriceBandAndEquityPositive_When_ImpactExceedsTheTradeValue()
    {
        // Given a stock that swings +25 % / -20 % every day (σ ≈ 0.22, inside the 30 % band) and an impact coefficient
        // of 50, so that the model's raw slippage is several times the value of any fill (10 % participation)
        const int days = 40;
        var close = Enumerable.Range(0, days).Select(t => t % 2 == 0 ? 1_000.0 : 1_250.0).ToArray();
        var panel = new Scenario(days, _start)
            .Stock("A", Market.Kosdaq, close, close, volume: 1e6)
            .Build();
        var signals = Scenario.Signals(panel, (t, _) => t is >= 25 and < 30 ? (0.6f, 0.1f) : (0.1f, 0.6f));
        var options = new BacktestOptions { Frictions = Frictions.Default with { Slippage = new SpreadImpactSlippage(ImpactK: 50) } };

        // When the book buys on day 26 and sells after day 30
        var result = BacktestEngine.Run(panel, signals, _top1, options);

        // Then every buy pays at most the upper limit and every sale receives at least the lower limit per share (net of
        // slippage), so selling never costs cash and the long-only book's equity stays positive on every date
        result.Trades.Should().Contain(t => t.Side == TradeSide.Buy).And.Contain(t => t.Side == TradeSide.Sell);
        foreach (var trade in result.Trades)
        {
            var t = Array.IndexOf(panel.Dates, trade.Date);
            var prev = close[t - 1];
            if (trade.Side == TradeSide.Buy)
            {
                (trade.Price + ((double)trade.Slippage / trade.Shares)).Should().BeLessThanOrEqualTo(PriceLimit.Upper(prev, Market.Kosdaq, trade.Date) + (1.0 / trade.Shares));
            }
            else
            {
                (trade.Price - ((double)trade.Slippage / trade.Shares)).Should().BeGreaterThanOrEqualTo(PriceLimit.Lower(prev, Market.Kosdaq, trade.Date) - (1.0 / trade.Shares));
            }
        }

        result.Equity.Should().OnlyContain(e => e > 0);
    }

    [Fact]
    public void Run_Should_ChargeCommissionAndKosdaqTax_When_Selling()
    {
        // Given default frictions but no slippage, a buy on day 1 and a sale on day 2 (2024 → 0.18% tax)
        var panel = new Scenario(4, _start)
            .Stock("A", Market.Kosdaq, Scenario.Flat(4, 10_000), Scenario.Flat(4, 10_000))
            .Build();
        var signals = Scenario.Signals(panel, (t, _) => t == 0 ? (0.6f, 0.1f) : (0.1f, 0.6f));
        var options = new BacktestOptions { Frictions = Frictions.Default with { Slippage = new SpreadImpactSlippage(0, 0, 0) } };

        var result = BacktestEngine.Run(panel, signals, _top1, options);

        // Then the buy pays floor(0.015%) commission, the sale pays commission + floor(0.18%) tax
        var buy = result.Trades.Single(t => t.Side == TradeSide.Buy);
        var sell = result.Trades.Single(t => t.Side == TradeSide.Sell);
        buy.Commission.Should().Be((long)Math.Floor(buy.Shares * 10_000 * 0.00015));
        buy.Tax.Should().Be(0);
        sell.Commission.Should().Be((long)Math.Floor(sell.Shares * 10_000 * 0.00015));
        sell.Tax.Should().Be((long)Math.Floor(sell.Shares * 10_000 * 0.0018));
        (buy.Shares * 10_000L + buy.Commission).Should().BeLessThanOrEqualTo(100_000_000);
    }

    [Fact]
    public void Run_Should_NeverBuy_When_CodeIsOutsideTheUniverseMask()
    {
        // Given A is the best-scored code but masked out; B is allowed
        var panel = new Scenario(4, _start)
            .Stock("A", Market.Kosdaq, Scenario.Flat(4, 10_000), Scenario.Flat(4, 10_000))
            .Stock("B", Market.Kosdaq, Scenario.Flat(4, 5_000), Scenario.Flat(4, 5_000))
            .Build();
        var signals = Scenario.Signals(panel, (_, i) => i == 0 ? (0.9f, 0.0f) : (0.5f, 0.2f));
        var mask = new bool[panel.CodeCount * panel.DateCount];
        for (var t = 0; t < panel.DateCount; t++) { mask[(1 * panel.DateCount) + t] = true; }

        var result = BacktestEngine.Run(panel, signals, _top1, _costFree with { UniverseMask = mask });

        result.Trades.Should().NotBeEmpty().And.OnlyContain(t => t.Code == "B");
    }

    [Fact]
    public void Run_Should_Throw_When_StrategyNeedsSignalsAndNoneAreGiven()
    {
        var panel = new Scenario(3, _start).Stock("A", Market.Kosdaq, Scenario.Flat(3, 1_000), Scenario.Flat(3, 1_000)).Build();
        var act = () => BacktestEngine.Run(panel, null, _top1, _costFree);
        act.Should().Throw<ArgumentException>().WithMessage("*needs signals*");
    }
}
