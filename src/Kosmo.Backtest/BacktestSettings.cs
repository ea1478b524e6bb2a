using Kosmo.Backtest.Costs;
using Kosmo.Backtest.Strategies;

namespace Kosmo.Backtest;

/// <summary>
/// One backtest configuration as the experiment's <c>backtest:</c> section states it (strategy, costs, account sizes,
/// benchmarks, PBO blocks). The config reader builds it in one place; <see cref="BacktestRunner"/> turns it into the
/// strategy, the simulation options and the traded signals, so <c>kosmo run</c>, <c>kosmo backtest</c> and the tests
/// cannot drift apart. Defaults are the config's defaults.
/// </summary>
public sealed record BacktestSettings
{
    /// <summary>Upper bound of every money value in KRW (account_krw, capacity_krw): 1e15 KRW, far above any real account,
    /// and small enough that positions, costs and equity stay exact in double arithmetic.</summary>
    public const double MaxKrw = 1e15;

    /// <summary>The strategies <see cref="CreateStrategy"/> knows.</summary>
    public static readonly IReadOnlyList<string> StrategyNames = ["topk", "topk_dropout", "topk_hysteresis", "overlapping", "prob_weighted", "optimizer"];

    /// <summary>The benchmarks the runner knows: the two indices, the equal-weight universe and 12-1 momentum deciles.</summary>
    public static readonly IReadOnlyList<string> BenchmarkNames = ["KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1"];

    /// <summary>topk, topk_dropout, topk_hysteresis, overlapping, prob_weighted or optimizer.</summary>
    public string Strategy { get; init; } = "topk";

    /// <summary>Names held (top-k strategies, overlapping tranches).</summary>
    public int TopK { get; init; } = 20;

    /// <summary>topk_dropout: names replaced per rebalance at most.</summary>
    public int DropoutN { get; init; } = 3;

    /// <summary>topk, topk_hysteresis: trading days a new holding is kept at least.</summary>
    public int MinHoldDays { get; init; } = 5;

    /// <summary>Rebalance every n trading days.</summary>
    public int RebalanceDays { get; init; } = 5;

    /// <summary>open (default) or close of day t+1.</summary>
    public string Execution { get; init; } = "open";

    /// <summary>Starting cash in KRW.</summary>
    public double AccountKrw { get; init; } = 1_000_000_000;

    /// <summary>Account sizes in KRW of the capacity table.</summary>
    public IReadOnlyList<double> CapacityKrw { get; init; } = [100_000_000, 1_000_000_000, 10_000_000_000];

    /// <summary>Commission rate per side.</summary>
    public double Commission { get; init; } = 0.00015;

    /// <summary>Largest share of a day's volume one order may fill.</summary>
    public double ParticipationCap { get; init; } = 0.10;

    /// <summary>Square-root impact coefficient k of <see cref="SpreadImpactSlippage"/> (k · σ · price · √participation per share).</summary>
    public double ImpactCoefficient { get; init; } = 0.5;

    /// <summary>Share of a delisted position's last price that is lost.</summary>
    public double DelistHaircut { get; init; } = 0.5;

    /// <summary>optimizer: risk aversion λ.</summary>
    public double RiskAversion { get; init; } = 5.0;

    /// <summary>prob_weighted, optimizer: largest weight of one name.</summary>
    public double WeightCap { get; init; } = 0.10;

    /// <summary>Benchmarks run once on the strategies' dates (a subset of <see cref="BenchmarkNames"/>, in this order).</summary>
    public IReadOnlyList<string> Benchmarks { get; init; } = BenchmarkNames;

    /// <summary>topk_hysteresis: a holding is kept while its rank stays ≤ exit_rank (≥ top_k; default 2 × top_k).</summary>
    public int ExitRank { get; init; } = 40;

    /// <summary>overlapping: number of tranches; each is held tranches × rebalance_days trading days.</summary>
    public int Tranches { get; init; } = 4;

    /// <summary>EMA span (in signal dates) applied to P(up) and P(down) per stock before any strategy; 1 = off.</summary>
    public int SmoothingSpan { get; init; } = 1;

    /// <summary>Held names whose target differs from their weight by less than this are not traded; 0 = off.</summary>
    public double NoTradeBand { get; init; }

    /// <summary>optimizer: linear turnover cost per unit of one-way weight change.</summary>
    public double TurnoverPenalty { get; init; } = 0.003;

    /// <summary>optimizer: quadratic turnover cost κ.</summary>
    public double TurnoverQuadratic { get; init; } = 0.002;

    /// <summary>optimizer: expected return per unit of P(up) − P(down) per rebalance period.</summary>
    public double ReturnScale { get; init; } = 0.01;

    /// <summary>optimizer: candidate names ranked by score.</summary>
    public int Candidates { get; init; } = 30;

    /// <summary>
    /// S, the even number of date blocks of the probability of backtest overfitting over the strategies backtested
    /// together (CSCV, C(S, S/2) combinations; metrics.json "pbo"); 0 turns it off.
    /// </summary>
    public int PboBlocks { get; init; } = 16;

    /// <summary>A fresh instance of the configured strategy under <paramref name="name"/> (the overlapping strategy is stateful).</summary>
    /// <exception cref="ArgumentException"><see cref="Strategy"/> is not one of <see cref="StrategyNames"/>.</exception>
    public IStrategy CreateStrategy(string name) => Strategy switch
    {
        "topk" => new TopKStrategy { K = TopK, MinHoldDays = MinHoldDays, Name = name },
        "topk_dropout" => new TopKDropoutStrategy { K = TopK, NDrop = DropoutN, Name = name },
        "topk_hysteresis" => new TopKHysteresisStrategy { K = TopK, ExitRank = ExitRank, MinHoldDays = MinHoldDays, Name = name },
        "overlapping" => new OverlappingPortfolioStrategy(Tranches, TopK, ScoreKind.UpMinusDown, name),
        "prob_weighted" => new ProbabilityWeightedStrategy { Cap = WeightCap, Name = name },
        "optimizer" => new MeanVarianceStrategy
        {
            Cap = WeightCap,
            RiskAversion = RiskAversion,
            Candidates = Candidates,
            LinearTurnoverCost = TurnoverPenalty,
            TurnoverCost = TurnoverQuadratic,
            ReturnScale = ReturnScale,
            Name = name,
        },
        _ => throw new ArgumentException($"Unknown strategy '{Strategy}' (known: {string.Join(", ", StrategyNames)}).", nameof(name)),
    };

    /// <summary>Simulation options: account, rebalance period, execution, frictions, no-trade band, universe and dates.</summary>
    public BacktestOptions Options(bool[]? universeMask, int start, int end) => new()
    {
        InitialCash = (long)AccountKrw,
        RebalanceEvery = RebalanceDays,
        Timing = Execution == "close" ? ExecutionTiming.Close : ExecutionTiming.Open,
        Frictions = Frictions.Default with
        {
            Commission = new RateCommission(Commission),
            ParticipationCap = ParticipationCap,
            Slippage = new SpreadImpactSlippage(ImpactK: ImpactCoefficient),
            DelistingHaircut = DelistHaircut,
        },
        NoTradeBand = NoTradeBand,
        UniverseMask = universeMask,
        StartIndex = start,
        EndIndex = end,
    };

    /// <summary>The signals a strategy trades: the raw ones, or their per-stock EMA when smoothing_span &gt; 1.</summary>
    public SignalMatrix Signals(SignalMatrix raw) => SmoothingSpan > 1 ? SignalSmoothing.Ema(raw, SmoothingSpan) : raw;
}
