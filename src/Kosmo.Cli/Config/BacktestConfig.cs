namespace Kosmo.Cli.Config;

/// <summary><c>backtest:</c> strategy, costs and account sizes.</summary>
internal sealed record BacktestConfig
{
    /// <summary>topk, topk_dropout, topk_hysteresis, overlapping, prob_weighted or optimizer.</summary>
    public string Strategy { get; init; } = "topk";
    public int TopK { get; init; } = 20;
    public int DropoutN { get; init; } = 3;
    public int MinHoldDays { get; init; } = 5;
    public int RebalanceDays { get; init; } = 5;
    /// <summary>open (default) or close of day t+1.</summary>
    public string Execution { get; init; } = "open";
    public double AccountKrw { get; init; } = 1_000_000_000;
    public IReadOnlyList<double> CapacityKrw { get; init; } = [100_000_000, 1_000_000_000, 10_000_000_000];
    public double Commission { get; init; } = 0.00015;
    public double ParticipationCap { get; init; } = 0.10;
    /// <summary>Square-root impact coefficient k of <see cref="Kosmo.Backtest.Costs.SpreadImpactSlippage"/> (k · σ · price · √participation per share).</summary>
    public double ImpactCoefficient { get; init; } = 0.5;
    public double DelistHaircut { get; init; } = 0.5;
    public double RiskAversion { get; init; } = 5.0;
    public double WeightCap { get; init; } = 0.10;
    public IReadOnlyList<string> Benchmarks { get; init; } = ["KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1"];

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
    /// S, the even number of date blocks of the probability of backtest overfitting over the run's model strategies
    /// (CSCV, C(S, S/2) combinations; metrics.json "pbo"); 0 turns it off.
    /// </summary>
    public int PboBlocks { get; init; } = 16;

    /// <exception cref="Core.DataValidationException">Unknown strategy, a value out of range, or exit_rank below top_k (file, line, key path).</exception>
    /// <summary>Upper bound of every money value in KRW (account_krw, capacity_krw): 1e15 KRW, far above any real account,
    /// and small enough that positions, costs and equity stay exact in double arithmetic.</summary>
    public const double MaxKrw = 1e15;

    public static BacktestConfig Read(YamlSection s)
    {
        var c = ReadKeys(s);
        return c.ExitRank < c.TopK
            ? throw new Core.DataValidationException(s.File, 0, s.Path + ".exit_rank", $"{s.Path}.exit_rank: {c.ExitRank} is below top_k ({c.TopK})")
            : c;
    }

    private static int EvenOrZero(YamlSection s, int blocks) => blocks == 0 || (blocks >= 2 && blocks % 2 == 0)
        ? blocks
        : throw new Core.DataValidationException(s.File, 0, s.Path + ".pbo_blocks", $"{s.Path}.pbo_blocks: {blocks} must be 0 (off) or an even number from 2 to 24");

    /// <summary>Reads every key without the cross-key checks of <see cref="Read"/>.</summary>
    internal static BacktestConfig ReadKeys(YamlSection s) => new()
    {
        Strategy = s.String("strategy", "topk", "topk", "topk_dropout", "topk_hysteresis", "overlapping", "prob_weighted", "optimizer"),
        TopK = s.Int("top_k", 20, 1, 1000),
        DropoutN = s.Int("dropout_n", 3, 1, 1000),
        MinHoldDays = s.Int("min_hold_days", 5, 0, 250),
        RebalanceDays = s.Int("rebalance_days", 5, 1, 250),
        Execution = s.String("execution", "open", "open", "close"),
        AccountKrw = s.Double("account_krw", 1_000_000_000, 1_000_000, MaxKrw),
        CapacityKrw = s.Strings("capacity_krw", ["100000000", "1000000000", "10000000000"])
            .Select(v => double.TryParse(v.Replace("_", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var x) && x >= 1_000_000 && x <= MaxKrw
                ? x
                : throw new Core.DataValidationException(s.File, s.LineOf("capacity_krw"), s.Path + ".capacity_krw", $"{s.Path}.capacity_krw: '{v}' is not an account size in KRW (1,000,000 to 1e15)"))
            .ToList(),
        Commission = s.Double("commission", 0.00015, 0, 0.05),
        ParticipationCap = s.Double("participation_cap", 0.10, 0.0001, 1),
        ImpactCoefficient = s.Double("impact_coefficient", 0.5, 0, 10),
        DelistHaircut = s.Double("delist_haircut", 0.5, 0, 1),
        RiskAversion = s.Double("risk_aversion", 5.0, 0, 1e4),
        WeightCap = s.Double("weight_cap", 0.10, 0.001, 1),
        Benchmarks = s.Strings("benchmarks", ["KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1"], "KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1"),
        ExitRank = s.Int("exit_rank", 2 * s.Int("top_k", 20, 1, 1000), 1, 10_000),
        Tranches = s.Int("tranches", 4, 1, 250),
        SmoothingSpan = s.Int("smoothing_span", 1, 1, 250),
        NoTradeBand = s.Double("no_trade_band", 0, 0, 0.5),
        TurnoverPenalty = s.Double("turnover_penalty", 0.003, 0, 1),
        TurnoverQuadratic = s.Double("turnover_quadratic", 0.002, 0, 100),
        ReturnScale = s.Double("return_scale", 0.01, 0, 10),
        Candidates = s.Int("candidates", 30, 1, 1000),
        PboBlocks = EvenOrZero(s, s.Int("pbo_blocks", 16, 0, 24)),
    };
}
