using Kosmo.Backtest;
using Kosmo.Backtest.Costs;
using Kosmo.Backtest.Statistics;
using Kosmo.Backtest.Strategies;
using Kosmo.Cli.Config;
using Kosmo.Core;

namespace Kosmo.Cli.Pipeline;

/// <summary>
/// Backtests the configured strategy on every model's signals (strategy names "MODEL/STRATEGY"), the benchmarks once
/// on the same dates, and the capacity curve; the deflated Sharpe ratio counts every strategy backtested in the run.
/// </summary>
internal static class MultiModelBacktest
{
    /// <summary>
    /// PBO by CSCV over the model strategies' daily returns (they share one date range), with <paramref name="blocks"/>
    /// date blocks; a note instead when it cannot be computed (off, fewer than two strategies, too few dates).
    /// </summary>
    private static (OverfittingResult? Result, string? Note) Overfitting(List<BacktestResult> runs, int blocks)
    {
        if (blocks == 0)
        {
            return (null, null);
        }

        if (runs.Count < 2)
        {
            return (null, $"needs at least two model strategies (the run has {runs.Count})");
        }

        var returns = runs.Select(r => PerformanceStatistics.Returns(r.Equity)).ToList();
        var t = returns[0].Length;
        if (returns.Any(r => r.Length != t) || t < 4 * blocks)
        {
            return (null, $"needs at least {4 * blocks} common trading days for {blocks} blocks (the strategies have {t})");
        }

        return (BacktestOverfitting.Cscv(returns, blocks), null);
    }

    public static BacktestReport Run(Panel panel, IReadOnlyDictionary<string, SignalFrame> frames, bool[] universeMask, BacktestConfig c, int extraTrials)
    {
        var matrices = frames.ToDictionary(p => p.Key, p => BacktestSetup.Signals(c, SignalMatrix.FromFrame(p.Value, panel)), StringComparer.Ordinal);
        var start = matrices.Values.Where(m => m.FirstIndex >= 0).Select(m => m.FirstIndex).DefaultIfEmpty(0).Min();
        var options = BacktestSetup.Options(c, universeMask, start, panel.DateCount - 1);

        var runs = new List<(string Model, IStrategy Strategy, BacktestResult Result)>();
        foreach (var (model, signals) in matrices.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var strategy = BacktestSetup.Strategy(c, $"{model}/{c.Strategy}");
            runs.Add((model, strategy, BacktestEngine.Run(panel, signals, strategy, options)));
        }

        var trials = runs.Count + extraTrials;
        var sharpes = runs.Select(r => PerformanceStatistics.DailySharpe(r.Result.Equity, 0)).Where(double.IsFinite).ToArray();
        double? variance = sharpes.Length >= 2 ? sharpes.Sum(s => (s - sharpes.Average()) * (s - sharpes.Average())) / (sharpes.Length - 1) : null;
        var strategyMetrics = runs.ToDictionary(r => r.Result.Name, r => PerformanceStatistics.Compute(r.Result, 0, trials, variance), StringComparer.Ordinal);

        var end = panel.DateCount - 1;
        var benchmarks = new List<BacktestResult>();
        foreach (var name in c.Benchmarks)
        {
            var b = name switch
            {
                "KOSDAQ" or "KOSPI" => Benchmarks.Index(panel, name, start, end, options.InitialCash),
                "equal_weight" => Benchmarks.EqualWeight(panel, universeMask, start, end, options.InitialCash),
                _ => BacktestEngine.Run(panel, null, new MomentumStrategy(), options with { RebalanceEvery = 21 }),
            };
            if (b is not null)
            {
                benchmarks.Add(b);
            }
        }

        var capacity = new List<CapacityRow>();
        foreach (var account in c.CapacityKrw.Select(a => (long)a))
        {
            foreach (var (model, strategy, result) in runs)
            {
                var r = account == options.InitialCash ? result : BacktestEngine.Run(panel, matrices[model], strategy, options with { InitialCash = account });
                capacity.Add(new CapacityRow(account, strategy.Name, PerformanceStatistics.Compute(r, 0)));
            }
        }

        var (overfitting, note) = Overfitting(runs.Select(r => r.Result).ToList(), c.PboBlocks);
        return new BacktestReport
        {
            Overfitting = overfitting,
            OverfittingNote = note,
            Strategies = runs.Select(r => r.Result).ToList(),
            Benchmarks = benchmarks,
            StrategyMetrics = strategyMetrics,
            BenchmarkMetrics = benchmarks.ToDictionary(b => b.Name, b => PerformanceStatistics.Compute(b, 0), StringComparer.Ordinal),
            Capacity = capacity,
        };
    }
}
