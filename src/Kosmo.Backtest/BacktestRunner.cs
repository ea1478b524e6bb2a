using Kosmo.Backtest.Statistics;
using Kosmo.Backtest.Strategies;

namespace Kosmo.Backtest;

/// <summary>
/// Runs several strategies on the same panel and signals, the benchmarks on the same dates (KOSDAQ, KOSPI,
/// equal weight, 12-1 momentum with the same frictions) and the capacity sweep, then computes every metric.
/// </summary>
public static class BacktestRunner
{
    /// <summary>Runs everything; strategy names must be distinct.</summary>
    /// <exception cref="ArgumentException">No strategies, duplicate names, or see <see cref="BacktestEngine.Run"/>.</exception>
    public static BacktestReport Run(Kosmo.Core.Panel panel, SignalMatrix? signals, IReadOnlyList<IStrategy> strategies, BacktestOptions options, RunnerOptions? runner = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(options);
        runner ??= new RunnerOptions();
        if (strategies.Count == 0) { throw new ArgumentException("No strategies to run.", nameof(strategies)); }
        if (strategies.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != strategies.Count) { throw new ArgumentException("Strategy names must be distinct.", nameof(strategies)); }
        var start = options.StartIndex ?? (signals is { FirstIndex: >= 0 } s ? s.FirstIndex : 0);
        var end = options.EndIndex ?? (panel.DateCount - 1);
        var fixedOptions = options with { StartIndex = start, EndIndex = end };
        var results = strategies.Select(st => BacktestEngine.Run(panel, signals, st, fixedOptions)).ToList();
        var trials = runner.Trials ?? results.Count;
        var variance = runner.TrialSharpeVariance ?? SampleVariance(results.Select(r => PerformanceStatistics.DailySharpe(r.Equity, runner.RiskFree)).ToArray());
        var strategyMetrics = results.ToDictionary(r => r.Name, r => PerformanceStatistics.Compute(r, runner.RiskFree, trials, variance), StringComparer.Ordinal);

        var benchmarks = new List<BacktestResult>();
        foreach (var name in new[] { "KOSDAQ", "KOSPI" })
        {
            if (Benchmarks.Index(panel, name, start, end, options.InitialCash) is { } b) { benchmarks.Add(b); }
        }

        benchmarks.Add(Benchmarks.EqualWeight(panel, options.UniverseMask, start, end, options.InitialCash));
        if (runner.Momentum)
        {
            var mom = BacktestEngine.Run(panel, null, new MomentumStrategy(), fixedOptions with { RebalanceEvery = 21 });
            benchmarks.Add(mom); // simulated with frictions: keeps turnover, cost drag and PSR
        }

        var benchMetrics = benchmarks.ToDictionary(b => b.Name, b => PerformanceStatistics.Compute(b, runner.RiskFree), StringComparer.Ordinal);
        var capacity = new List<CapacityRow>();
        foreach (var account in runner.CapacityAccounts)
        {
            foreach (var st in strategies)
            {
                var r = account == options.InitialCash ? results.First(x => x.Name == st.Name) : BacktestEngine.Run(panel, signals, st, fixedOptions with { InitialCash = account });
                capacity.Add(new CapacityRow(account, st.Name, PerformanceStatistics.Compute(r, runner.RiskFree)));
            }
        }

        return new BacktestReport { Strategies = results, Benchmarks = benchmarks, StrategyMetrics = strategyMetrics, BenchmarkMetrics = benchMetrics, Capacity = capacity };
    }

    private static double? SampleVariance(double[] x)
    {
        var finite = x.Where(double.IsFinite).ToArray();
        if (finite.Length < 2) { return null; }
        var mean = finite.Average();
        return finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1);
    }
}
