using System.Text.Json;
using System.Text.Json.Nodes;
using Kosmo.Backtest.Statistics;
using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Backtest.Output;

/// <summary>
/// Merges the <c>backtests</c> and <c>benchmarks</c> sections into RUN/metrics.json: other top-level sections and
/// entries with other names are kept; entries with the same name are replaced. Keys: total_return, cagr, ann_vol,
/// sharpe, sortino, max_drawdown, calmar, turnover, cost_drag, psr, dsr (null where not applicable or not finite),
/// plus the extras max_drawdown_days, avg_holdings, hit_rate, gross_total_return, n_days.
/// </summary>
public static class MetricsJson
{
    /// <summary>Merges into <paramref name="path"/> (created when absent), written via temp file + rename.</summary>
    /// <exception cref="DataValidationException">The existing file is not a JSON object.</exception>
    public static void Merge(string path, IReadOnlyDictionary<string, PerformanceMetrics> backtests, IReadOnlyDictionary<string, PerformanceMetrics> benchmarks)
    {
        ArgumentNullException.ThrowIfNull(backtests);
        ArgumentNullException.ThrowIfNull(benchmarks);
        MetricsJsonFile.Update(path, root =>
        {
            Section(root, "backtests", backtests);
            Section(root, "benchmarks", benchmarks);
        });
    }

    /// <summary>
    /// Merges the <c>pbo</c> section: the probability of backtest overfitting over <paramref name="strategies"/>
    /// (pbo, logits, degradation slope/intercept, probability of loss, blocks, combinations, the in-sample best and its
    /// out-of-sample Sharpe per day per combination), or <c>{"skipped": note}</c> when it could not be computed.
    /// </summary>
    public static void MergeOverfitting(string path, OverfittingResult? result, string? note, IReadOnlyList<string> strategies)
    {
        MetricsJsonFile.Update(path, root => root["pbo"] = result is null
            ? new JsonObject { ["skipped"] = note }
            : new JsonObject
            {
                ["method"] = "cscv",
                ["statistic"] = "sharpe_per_day",
                ["strategies"] = new JsonArray([.. strategies.Select(s => (JsonNode?)s)]),
                ["blocks"] = result.Blocks,
                ["observations"] = result.Observations,
                ["combinations"] = result.Logits.Length,
                ["pbo"] = Num(result.Pbo),
                ["degradation_slope"] = Num(result.DegradationSlope),
                ["degradation_intercept"] = Num(result.DegradationIntercept),
                ["prob_oos_loss"] = Num(result.ProbabilityOfLoss),
                ["logits"] = new JsonArray([.. result.Logits.Select(x => Num(x))]),
                ["is_best_sharpe"] = new JsonArray([.. result.InSampleBest.Select(x => Num(x))]),
                ["oos_best_sharpe"] = new JsonArray([.. result.OutOfSampleOfBest.Select(x => Num(x))]),
            });
    }

    /// <summary>The JSON object of one metrics record.</summary>
    public static JsonObject ToJson(PerformanceMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new JsonObject
        {
            ["total_return"] = Num(m.TotalReturn),
            ["cagr"] = Num(m.Cagr),
            ["ann_vol"] = Num(m.AnnVol),
            ["sharpe"] = Num(m.Sharpe),
            ["sortino"] = Num(m.Sortino),
            ["max_drawdown"] = Num(m.MaxDrawdown),
            ["calmar"] = Num(m.Calmar),
            ["turnover"] = Num(m.Turnover),
            ["cost_drag"] = Num(m.CostDrag),
            ["psr"] = Num(m.Psr),
            ["dsr"] = Num(m.Dsr),
            ["max_drawdown_days"] = m.MaxDrawdownDays,
            ["avg_holdings"] = Num(m.AverageHoldings),
            ["hit_rate"] = Num(m.HitRate),
            ["gross_total_return"] = Num(m.GrossTotalReturn),
            ["n_days"] = m.Observations,
        };
    }

    private static void Section(JsonObject root, string name, IReadOnlyDictionary<string, PerformanceMetrics> entries)
    {
        if (root[name] is not JsonObject section)
        {
            section = [];
            root[name] = section;
        }

        foreach (var (key, m) in entries.OrderBy(e => e.Key, StringComparer.Ordinal)) { section[key] = ToJson(m); }
    }

    private static JsonValue? Num(double? x) => x is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
