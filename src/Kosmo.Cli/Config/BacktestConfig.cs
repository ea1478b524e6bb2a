namespace Kosmo.Cli.Config;

/// <summary><c>backtest:</c> strategy, costs and account sizes.</summary>
internal sealed record BacktestConfig
{
    /// <summary>topk, topk_dropout, prob_weighted or optimizer.</summary>
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
    public double ImpactCoefficient { get; init; } = 0.1;
    public double DelistHaircut { get; init; } = 0.5;
    public double RiskAversion { get; init; } = 5.0;
    public double WeightCap { get; init; } = 0.10;
    public IReadOnlyList<string> Benchmarks { get; init; } = ["KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1"];

    public static BacktestConfig Read(YamlSection s) => new()
    {
        Strategy = s.String("strategy", "topk", "topk", "topk_dropout", "prob_weighted", "optimizer"),
        TopK = s.Int("top_k", 20, 1, 1000),
        DropoutN = s.Int("dropout_n", 3, 1, 1000),
        MinHoldDays = s.Int("min_hold_days", 5, 0, 250),
        RebalanceDays = s.Int("rebalance_days", 5, 1, 250),
        Execution = s.String("execution", "open", "open", "close"),
        AccountKrw = s.Double("account_krw", 1_000_000_000, 1_000_000),
        CapacityKrw = s.Strings("capacity_krw", ["100000000", "1000000000", "10000000000"])
            .Select(v => double.TryParse(v.Replace("_", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var x) && x >= 1_000_000
                ? x
                : throw new Core.DataValidationException(s.File, 0, s.Path + ".capacity_krw", $"{s.Path}.capacity_krw: '{v}' is not an account size in KRW (>= 1,000,000)"))
            .ToList(),
        Commission = s.Double("commission", 0.00015, 0, 0.05),
        ParticipationCap = s.Double("participation_cap", 0.10, 0.0001, 1),
        ImpactCoefficient = s.Double("impact_coefficient", 0.1, 0, 10),
        DelistHaircut = s.Double("delist_haircut", 0.5, 0, 1),
        RiskAversion = s.Double("risk_aversion", 5.0, 0, 1e4),
        WeightCap = s.Double("weight_cap", 0.10, 0.001, 1),
        Benchmarks = s.Strings("benchmarks", ["KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1"], "KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1"),
    };
}
