using FsCheck;
using FsCheck.Fluent;
using Kosmo.Backtest.Costs;
using Kosmo.Backtest.Strategies;
using Kosmo.Backtest.Synthetic;
using Kosmo.Core;
using Kosmo.Data.Synthetic;

namespace Kosmo.Backtest.Tests.Engine;

/// <summary>Property tests on generated markets (halts, limit moves, delistings) with generated signals.</summary>
public class EngineInvariantTests
{
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(25);

    private static IStrategy Pick(int which) => (which % 4) switch
    {
        0 => new TopKStrategy(K: 5, MinHoldDays: 3),
        1 => new TopKDropoutStrategy(K: 5, NDrop: 1),
        2 => new ProbabilityWeightedStrategy(MaxNames: 8, Cap: 0.2),
        _ => new MeanVarianceStrategy { Candidates = 12, Cap = 0.2, Lookback = 20 },
    };

    private static Arbitrary<(int Seed, int Strategy, int Every)> Cases() =>
        (from seed in Gen.Choose(1, 1_000_000)
         from strategy in Gen.Choose(0, 3)
         from every in Gen.Choose(1, 3)
         select (seed, strategy, every)).ToArbitrary();

    private static (Panel Panel, SignalMatrix Signals) Market(int seed)
    {
        var panel = SyntheticPanel.Generate(25, 90, seed);
        return (panel, SyntheticSignals.Generate(panel, skill: seed % 3, seed: (ulong)seed + 1));
    }

    [Fact]
    public void Run_Should_KeepEquityEqualToCashPlusPositions_When_ReplayedFromTrades()
    {
        Prop.ForAll(Cases(), c =>
        {
            // Given a generated market, signals and a strategy
            var (panel, signals) = Market(c.Seed);
            var result = BacktestEngine.Run(panel, signals, Pick(c.Strategy), new BacktestOptions { RebalanceEvery = c.Every, InitialCash = 50_000_000 });

            // When the trades are replayed by an independent bookkeeper
            var (equity, cash) = Replay.Run(panel, result);

            // Then equity matches every day, cash never goes negative and every cost is non-negative
            var matches = equity.Zip(result.Equity).All(p => Math.Abs(p.First - p.Second) <= 1e-6 * p.Second);
            return result.Trades.Count > 0 && matches && cash.All(x => x >= 0) && result.Trades.All(t => t.Commission >= 0 && t.Tax >= 0 && t.Slippage >= 0 && t.Shares > 0);
        }).Check(_config);
    }

    [Fact]
    public void Run_Should_NeverTrade_When_EverySignalIsFlat()
    {
        Prop.ForAll(Cases(), c =>
        {
            // Given P(flat) = 1 everywhere
            var panel = SyntheticPanel.Generate(20, 60, c.Seed);
            var flat = new SignalMatrix(panel, new float[panel.DateCount * panel.CodeCount], new float[panel.DateCount * panel.CodeCount]);

            // When
            var result = BacktestEngine.Run(panel, flat, Pick(c.Strategy), new BacktestOptions { RebalanceEvery = c.Every });

            // Then no fill and a constant equity
            return result.Trades.Count == 0 && result.Equity.All(e => e == result.InitialCash);
        }).Check(_config);
    }

    [Fact]
    public void Run_Should_NotRaiseNetReturn_When_EveryCostIsDoubledForAHoldingIndependentStrategy()
    {
        var doubled = Frictions.Default with
        {
            Commission = new RateCommission(2 * Brokerage.DefaultCommissionRate),
            Tax = new KrxTaxModel(2),
            Slippage = new SpreadImpactSlippage(0.10, 1.0, 2.0),
        };
        Prop.ForAll(Cases(), c =>
        {
            // Given the same market, signals and strategy
            var (panel, signals) = Market(c.Seed);
            var options = new BacktestOptions { RebalanceEvery = c.Every, InitialCash = 1_000_000_000 };

            // When run with default and doubled costs. Only a strategy whose targets ignore current holdings: for
            // path-dependent ones (dropout, minimum hold, the optimiser's w0) higher costs change later decisions, and
            // a costlier path can end higher by luck (found by FsCheck: seed 831276, top-k-dropout every 2 days).
            var strategy = new ProbabilityWeightedStrategy(MaxNames: 8, Cap: 0.2);
            var baseRun = BacktestEngine.Run(panel, signals, strategy, options);
            var costly = BacktestEngine.Run(panel, signals, strategy, options with { Frictions = doubled });

            // Then the costly run ends no higher
            return costly.Equity[^1] <= baseRun.Equity[^1];
        }).Check(_config);
    }
}
