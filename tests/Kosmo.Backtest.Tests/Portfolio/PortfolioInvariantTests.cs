using FsCheck;
using FsCheck.Fluent;
using Kosmo.Backtest.Strategies;
using Kosmo.Backtest.Synthetic;
using Kosmo.Core;
using Kosmo.Data.Synthetic;

namespace Kosmo.Backtest.Tests.Portfolio;

/// <summary>Properties of the lower-turnover constructions on generated markets (halts, limits, delistings) with default KRX frictions.</summary>
public class PortfolioInvariantTests
{
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(20);

    private static IStrategy Pick(int which) => (which % 4) switch
    {
        0 => new TopKHysteresisStrategy(K: 4, ExitRank: 9),
        1 => new OverlappingPortfolioStrategy(tranches: 3, k: 4),
        2 => new TopKDropoutStrategy(K: 4, NDrop: 1),
        _ => new MeanVarianceStrategy { Candidates = 10, Cap = 0.25, Lookback = 20, LinearTurnoverCost = 0.01 },
    };

    private static Arbitrary<(int Seed, int Strategy, int Every, int Span)> Cases() =>
        (from seed in Gen.Choose(1, 1_000_000)
         from strategy in Gen.Choose(0, 3)
         from every in Gen.Choose(1, 4)
         from span in Gen.Choose(1, 6)
         select (seed, strategy, every, span)).ToArbitrary();

    private static BacktestOptions Options(int every) => new() { RebalanceEvery = every, InitialCash = 200_000_000, NoTradeBand = 0.005 };

    [Fact]
    public void Run_Should_ConserveCashAndCosts_When_TradingWithBandsAndSmoothing()
    {
        Prop.ForAll(Cases(), c =>
        {
            // Given a generated market and (optionally smoothed) signals
            var panel = SyntheticPanel.Generate(25, 90, c.Seed);
            var signals = SignalSmoothing.Ema(SyntheticSignals.Generate(panel, skill: 0.2, seed: (ulong)c.Seed + 1), c.Span);

            // When a lower-turnover strategy runs with a no-trade band
            var r = BacktestEngine.Run(panel, signals, Pick(c.Strategy), Options(c.Every));
            var (equity, cash) = Replay.Run(panel, r);

            // Then an independent replay of the fills gives the same equity every day, cash never goes negative,
            // and the costs per day equal the costs on that day's fills
            var sameEquity = equity.Zip(r.Equity).All(p => Math.Abs(p.First - p.Second) <= 1e-6 * p.Second);
            var costsMatch = r.Dates.Select((d, k) => Math.Abs(r.Costs[k] - r.Trades.Where(t => t.Date == d).Sum(t => (double)t.Commission + t.Tax + t.Slippage)) < 1e-6).All(x => x);
            return r.Trades.Count > 0 && sameEquity && cash.All(x => x >= 0) && costsMatch && r.Turnover.All(x => x >= 0);
        }).Check(_config);
    }

    [Fact]
    public void Run_Should_NotChangeAnythingUpToT_When_SignalsAfterTAreScrambled()
    {
        Prop.ForAll(Cases(), c =>
        {
            // Given a market, signals, and a copy whose signals from date t0 on are replaced by noise
            var panel = SyntheticPanel.Generate(25, 90, c.Seed);
            var raw = SyntheticSignals.Generate(panel, skill: 0.2, seed: (ulong)c.Seed + 1);
            var t0 = 30 + (c.Seed % 40);
            var rng = new SplitMix((ulong)c.Seed + 2);
            var up = (float[])raw.PUp.Clone();
            var down = (float[])raw.PDown.Clone();
            for (var k = t0 * panel.CodeCount; k < up.Length; k++)
            {
                var u = (float)rng.Uniform();
                up[k] = u * 0.9f;
                down[k] = (1 - u) * 0.9f;
            }

            var scrambled = new SignalMatrix(panel, up, down);

            // When both run (smoothing included)
            var a = BacktestEngine.Run(panel, SignalSmoothing.Ema(raw, c.Span), Pick(c.Strategy), Options(c.Every));
            var b = BacktestEngine.Run(panel, SignalSmoothing.Ema(scrambled, c.Span), Pick(c.Strategy), Options(c.Every));

            // Then fills up to and including t0 (decided on signals ≤ t0 − 1) and equity to t0 are identical
            var cut = panel.Dates[t0];
            var start = Array.IndexOf(panel.Dates, a.Dates[0]);
            var sameTrades = a.Trades.Where(t => t.Date <= cut).SequenceEqual(b.Trades.Where(t => t.Date <= cut));
            var sameEquity = a.Equity.Take(t0 - start + 1).SequenceEqual(b.Equity.Take(t0 - start + 1));
            return sameTrades && sameEquity;
        }).Check(_config);
    }
}
