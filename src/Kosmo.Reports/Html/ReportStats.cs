using Kosmo.Reports.Analytics;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>
/// Strategy and benchmark statistics for the report: metrics.json entries first, then equity-only strategies with
/// statistics computed from equity.csv (flagged <see cref="StrategyStats.Computed"/>).
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
            .Select(e => new StrategyStats(e.Name, e.IsBenchmark, PerformanceStats.Compute(e.Values), true)));
        return list;
    }
}
