using Kosmo.Backtest;
using Kosmo.Backtest.Costs;
using Kosmo.Backtest.Strategies;

namespace Kosmo.Cli.Config;

/// <summary>Turns a <c>backtest:</c> section into the simulator's strategy, options and (smoothed) signals; shared by <c>kosmo run</c> and <c>kosmo backtest</c>.</summary>
internal static class BacktestSetup
{
    /// <summary>The configured strategy under <paramref name="name"/> (a fresh instance: the overlapping strategy is stateful).</summary>
    public static IStrategy Strategy(BacktestConfig c, string name) => c.Strategy switch
    {
        "topk_dropout" => new TopKDropoutStrategy { K = c.TopK, NDrop = c.DropoutN, Name = name },
        "topk_hysteresis" => new TopKHysteresisStrategy { K = c.TopK, ExitRank = c.ExitRank, MinHoldDays = c.MinHoldDays, Name = name },
        "overlapping" => new OverlappingPortfolioStrategy(c.Tranches, c.TopK, ScoreKind.UpMinusDown, name),
        "prob_weighted" => new ProbabilityWeightedStrategy { Cap = c.WeightCap, Name = name },
        "optimizer" => new MeanVarianceStrategy
        {
            Cap = c.WeightCap,
            RiskAversion = c.RiskAversion,
            Candidates = c.Candidates,
            LinearTurnoverCost = c.TurnoverPenalty,
            TurnoverCost = c.TurnoverQuadratic,
            ReturnScale = c.ReturnScale,
            Name = name,
        },
        _ => new TopKStrategy { K = c.TopK, MinHoldDays = c.MinHoldDays, Name = name },
    };

    /// <summary>Simulation options: account, rebalance period, execution, frictions, no-trade band, universe and dates.</summary>
    public static BacktestOptions Options(BacktestConfig c, bool[] universeMask, int start, int end) => new()
    {
        InitialCash = (long)c.AccountKrw,
        RebalanceEvery = c.RebalanceDays,
        Timing = c.Execution == "close" ? ExecutionTiming.Close : ExecutionTiming.Open,
        Frictions = Frictions.Default with
        {
            Commission = new RateCommission(c.Commission),
            ParticipationCap = c.ParticipationCap,
            Slippage = new SpreadImpactSlippage(ImpactK: c.ImpactCoefficient),
            DelistingHaircut = c.DelistHaircut,
        },
        NoTradeBand = c.NoTradeBand,
        UniverseMask = universeMask,
        StartIndex = start,
        EndIndex = end,
    };

    /// <summary>The signals a strategy trades: the raw ones, or their per-stock EMA when smoothing_span &gt; 1.</summary>
    public static SignalMatrix Signals(BacktestConfig c, SignalMatrix raw) =>
        c.SmoothingSpan > 1 ? SignalSmoothing.Ema(raw, c.SmoothingSpan) : raw;
}
