using Kosmo.Backtest;

namespace Kosmo.Experiment.Config;

/// <summary>
/// Reads a <c>backtest:</c> section (the run's, or a <c>kosmo backtest</c> configuration) into the one typed record
/// <see cref="BacktestSettings"/>: the only place where backtest keys, defaults and ranges are bound.
/// </summary>
internal static class BacktestConfig
{
    /// <summary>The typed settings of a <c>backtest:</c> section, with the cross-key checks.</summary>
    /// <exception cref="Core.DataValidationException">Unknown strategy, a value out of range, or exit_rank below top_k under topk_hysteresis (file, line, key path).</exception>
    public static BacktestSettings Read(YamlSection s)
    {
        var c = ReadKeys(s);
        return c.Strategy == "topk_hysteresis" && c.ExitRank < c.TopK
            ? throw new Core.DataValidationException(s.File, 0, s.Path + ".exit_rank", $"{s.Path}.exit_rank: {c.ExitRank} is below top_k ({c.TopK})")
            : c;
    }

    private static int EvenOrZero(YamlSection s, int blocks) => blocks == 0 || (blocks >= 2 && blocks % 2 == 0)
        ? blocks
        : throw new Core.DataValidationException(s.File, 0, s.Path + ".pbo_blocks", $"{s.Path}.pbo_blocks: {blocks} must be 0 (off) or an even number from 2 to 24");

    /// <summary>Reads every key without the cross-key checks of <see cref="Read"/>.</summary>
    internal static BacktestSettings ReadKeys(YamlSection s) => new()
    {
        Strategy = s.String("strategy", "topk", [.. BacktestSettings.StrategyNames]),
        TopK = s.Int("top_k", 20, 1, 1000),
        DropoutN = s.Int("dropout_n", 3, 1, 1000),
        MinHoldDays = s.Int("min_hold_days", 5, 0, 250),
        RebalanceDays = s.Int("rebalance_days", 5, 1, 250),
        Execution = s.String("execution", "open", "open", "close"),
        AccountKrw = s.Double("account_krw", 1_000_000_000, 1_000_000, BacktestSettings.MaxKrw),
        CapacityKrw = s.Strings("capacity_krw", ["100000000", "1000000000", "10000000000"])
            .Select(v => double.TryParse(v.Replace("_", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var x) && x >= 1_000_000 && x <= BacktestSettings.MaxKrw
                ? x
                : throw new Core.DataValidationException(s.File, s.LineOf("capacity_krw"), s.Path + ".capacity_krw", $"{s.Path}.capacity_krw: '{v}' is not an account size in KRW (1,000,000 to 1e15)"))
            .ToList(),
        Commission = s.Double("commission", 0.00015, 0, 0.05),
        ParticipationCap = s.Double("participation_cap", 0.10, 0.0001, 1),
        ImpactCoefficient = s.Double("impact_coefficient", 0.5, 0, 10),
        DelistHaircut = s.Double("delist_haircut", 0.5, 0, 1),
        RiskAversion = s.Double("risk_aversion", 5.0, 0, 1e4),
        WeightCap = s.Double("weight_cap", 0.10, 0.001, 1),
        Benchmarks = s.Strings("benchmarks", BacktestSettings.BenchmarkNames, [.. BacktestSettings.BenchmarkNames]),
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
