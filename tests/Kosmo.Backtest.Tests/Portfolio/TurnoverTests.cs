using Kosmo.Backtest.Costs;
using Kosmo.Backtest.Strategies;
using Kosmo.Core;

namespace Kosmo.Backtest.Tests.Portfolio;

/// <summary>Hand-computed one-way turnover of the lower-turnover constructions on flat-price, cost-free markets.</summary>
public class TurnoverTests
{
    private static readonly DateOnly _start = new(2024, 3, 4);

    /// <summary>Four (or more) stocks at a constant 1,000 KRW; scores by (t, i); daily rebalance; no costs.</summary>
    private static BacktestResult Run(IStrategy strategy, float[][] scoresByDay, double band = 0)
    {
        var days = scoresByDay.Length + 1;
        var n = scoresByDay[0].Length;
        var s = new Scenario(days, _start);
        for (var i = 0; i < n; i++) { s.Stock($"S{i}", Market.Kosdaq, Scenario.Flat(days, 1_000), Scenario.Flat(days, 1_000), volume: 1e9); }
        var panel = s.Build();
        var signals = Scenario.Signals(panel, (t, i) => t < scoresByDay.Length ? (scoresByDay[t][i], 0f) : null);
        var options = new BacktestOptions { InitialCash = 100_000_000, Frictions = Frictions.CostFree, StartIndex = 0, NoTradeBand = band };
        return BacktestEngine.Run(panel, signals, strategy, options);
    }

    // Day 0: S0 > S1 > S2 > S3, so k = 2 buys S0 and S1 (filled on day 1).
    // Day 1: S2 jumps to the top; S1 falls to rank 3 (S2, S0, S1, S3).
    // Day 2: unchanged ranking.
    private static readonly float[][] _oneSwap =
    [
        [0.4f, 0.3f, 0.2f, 0.1f],
        [0.4f, 0.25f, 0.5f, 0.1f],
        [0.4f, 0.25f, 0.5f, 0.1f],
    ];

    [Fact]
    public void TopK_Should_SwapTheName_When_ItFallsToRankThree()
    {
        // When plain top-2 trades the swap
        var r = Run(new TopKStrategy(K: 2, MinHoldDays: 0), _oneSwap);

        // Then day 1 buys the whole book (bought 1.0 / 2 = 0.5) and day 2 swaps half of it (sold 0.5 + bought 0.5) / 2 = 0.5
        r.Turnover.Should().Equal([0, 0.5, 0.5, 0], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Hysteresis_Should_KeepTheName_When_ItsRankStaysWithinTheExitRank()
    {
        // When top-2 with exit rank 3 sees the same signals
        var r = Run(new TopKHysteresisStrategy(K: 2, ExitRank: 3), _oneSwap);

        // Then only the initial purchase trades
        r.Turnover.Should().Equal([0, 0.5, 0, 0], (a, b) => Math.Abs(a - b) < 1e-12);
        r.Trades.Select(t => t.Code).Distinct().Should().BeEquivalentTo("S0", "S1");
    }

    [Fact]
    public void Hysteresis_Should_Exit_When_TheRankFallsBelowTheExitRank()
    {
        // Given S1 falls to rank 4 on day 1 (S2, S3, S0, S1)
        float[][] scores = [[0.4f, 0.3f, 0.2f, 0.1f], [0.4f, 0.05f, 0.6f, 0.5f], [0.4f, 0.05f, 0.6f, 0.5f]];

        // When top-2 with exit rank 3 trades
        var r = Run(new TopKHysteresisStrategy(K: 2, ExitRank: 3), scores);

        // Then S1 is sold on day 2 and the best non-held entrant (S2) bought: (0.5 + 0.5) / 2 = 0.5; S0 (rank 3) is kept
        r.Turnover.Should().Equal([0, 0.5, 0.5, 0], (a, b) => Math.Abs(a - b) < 1e-12);
        r.Trades.Where(t => t.Date == r.Dates[2]).Select(t => (t.Code, t.Side)).Should().BeEquivalentTo([("S1", TradeSide.Sell), ("S2", TradeSide.Buy)]);
    }

    [Fact]
    public void Dropout_Should_ReplaceOneName_When_TwoBetterCandidatesAppear()
    {
        // Given k = 2 held (S0, S1) and on day 1 two new names (S2, S3) above both
        float[][] scores = [[0.4f, 0.3f, 0.2f, 0.1f], [0.4f, 0.3f, 0.6f, 0.5f], [0.4f, 0.3f, 0.6f, 0.5f]];

        // When top-k replaces both but dropout (n = 1) only the worst holding per rebalance
        var topk = Run(new TopKStrategy(K: 2, MinHoldDays: 0), scores);
        var dropout = Run(new TopKDropoutStrategy(K: 2, NDrop: 1), scores);

        // Then top-k turns the whole book (1.0) on day 2; dropout half of it (0.5) on day 2 and the other half on day 3
        topk.Turnover.Should().Equal([0, 0.5, 1.0, 0], (a, b) => Math.Abs(a - b) < 1e-12);
        dropout.Turnover.Should().Equal([0, 0.5, 0.5, 0.5], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void NoTradeBand_Should_SkipResizingTrades_When_TheDriftIsInsideTheBand()
    {
        // Given two held stocks, one rising 2 % (weights drift to 50.5 / 49.5 %), equal-weight top-2 daily
        var s = new Scenario(4, _start);
        s.Stock("A", Market.Kosdaq, [1_000, 1_000, 1_020, 1_020], [1_000, 1_020, 1_020, 1_020], volume: 1e9);
        s.Stock("B", Market.Kosdaq, Scenario.Flat(4, 1_000), Scenario.Flat(4, 1_000), volume: 1e9);
        var panel = s.Build();
        var signals = Scenario.Signals(panel, (_, i) => (0.5f - (0.1f * i), 0f));
        var options = new BacktestOptions { InitialCash = 100_000_000, Frictions = Frictions.CostFree, StartIndex = 0 };

        // When run without and with a 1 % band
        var plain = BacktestEngine.Run(panel, signals, new TopKStrategy(K: 2, MinHoldDays: 0), options);
        var banded = BacktestEngine.Run(panel, signals, new TopKStrategy(K: 2, MinHoldDays: 0), options with { NoTradeBand = 0.01 });

        // Then the plain run resizes back to 50/50 on day 2 and the banded run does not
        plain.Trades.Count(t => t.Date == plain.Dates[2]).Should().Be(2);
        banded.Trades.Count(t => t.Date == banded.Dates[2]).Should().Be(0);
        banded.Turnover[2].Should().Be(0);
    }
}
