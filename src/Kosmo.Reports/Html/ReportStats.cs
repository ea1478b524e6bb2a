using System.Text.Json.Nodes;
using Kosmo.Backtest.Output;
using Kosmo.Backtest.Statistics;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>
/// Strategy and benchmark statistics for the report: metrics.json entries first, then equity-only strategies with
/// statistics computed from equity.csv (flagged <see cref="StrategyStats.Computed"/>) by Backtest's own statistics
/// (<see cref="PerformanceStatistics.FromEquity"/>, the metrics.json keys of <see cref="MetricsJson.ToJson"/>): what an
/// equity path alone gives, so turnover, cost drag, PSR and DSR stay empty.
/// </summary>
internal static class ReportStats
{
    internal sealed record StrategyStats(string Name, bool IsBenchmark, IReadOnlyDictionary<string, double> Values, bool Computed)
    {
        public double Get(string key) => Values.TryGetValue(key, out var v) ? v : double.NaN;
    }

    public static IReadOnlyList<StrategyStats> Strategies(RunData run)
    {
        var list = run.Metrics.Backtests.Select(b => new StrategyStats(b.Name, false, b.Values, false))
            .Concat(run.Metrics.Benchmarks.Select(b => new StrategyStats(b.Name, true, b.Values, false))).ToList();
        var known = list.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        list.AddRange(run.Equity.Where(e => !known.Contains(e.Name))
            .Select(e => new StrategyStats(e.Name, e.IsBenchmark, FromEquity(e.Values), true)));
        return list;
    }

    /// <summary>The metrics.json keys of an equity curve's statistics (NaN where null); empty with fewer than 2 values.</summary>
    internal static IReadOnlyDictionary<string, double> FromEquity(double[] equity)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (equity.Length < 2)
        {
            return values;
        }

        foreach (var (key, node) in MetricsJson.ToJson(PerformanceStatistics.FromEquity(equity)))
        {
            values[key] = node is JsonValue v && v.TryGetValue<double>(out var x) ? x : node is JsonValue i && i.TryGetValue<int>(out var n) ? n : double.NaN;
        }

        return values;
    }
}
