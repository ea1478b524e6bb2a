using Kosmo.Backtest.Statistics;
using Kosmo.Backtest.Strategies;
using Kosmo.Core;

namespace Kosmo.Backtest;

/// <summary>
/// The one backtest orchestration (<c>kosmo run</c>, <c>kosmo backtest</c>, the benches and the tests): runs the
/// strategies on the same dates, the benchmarks once on those dates (indices, equal weight, 12-1 momentum deciles
/// monthly with the run's frictions and no no-trade band), the capacity sweep, then every metric: the deflated Sharpe
/// ratio counts every strategy run plus the declared earlier trials, and PBO (CSCV) is computed over the strategies.
/// </summary>
public static class BacktestRunner
{
    /// <summary>One simulated strategy: its instance, traded signals, options, capacity sizes and configuration group.</summary>
    private sealed record Leg(IStrategy Strategy, SignalMatrix? Signals, BacktestOptions Options, IReadOnlyList<long> Capacity, int Group);

    /// <summary>Backtests a plan: every configuration on every model's signals, with the run's benchmarks.</summary>
    /// <exception cref="ArgumentException">No models, a bad strategy name or benchmark, duplicate strategy names, or see <see cref="BacktestEngine.Run"/>.</exception>
    public static BacktestReport Run(Panel panel, BacktestPlan plan)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Models.Count == 0) { throw new ArgumentException("No model signals to backtest.", nameof(plan)); }
        var configurations = plan.EffectiveConfigurations;
        var traded = configurations.Select(c => plan.Models.Select(m => c.Value.Signals(m.Value)).ToList()).ToList();
        var start = plan.StartIndex ?? traded.SelectMany(t => t).Where(m => m.FirstIndex >= 0).Select(m => m.FirstIndex).DefaultIfEmpty(0).Min();
        var end = plan.EndIndex ?? (panel.DateCount - 1);
        var legs = new List<Leg>();
        for (var g = 0; g < configurations.Count; g++)
        {
            var (name, settings) = (configurations[g].Key, configurations[g].Value);
            var options = settings.Options(plan.Universe, start, end);
            var capacity = plan.Capacity ? settings.CapacityKrw.Select(a => (long)a).ToList() : [];
            for (var m = 0; m < plan.Models.Count; m++)
            {
                legs.Add(new Leg(settings.CreateStrategy($"{plan.Models[m].Key}/{name}"), traded[g][m], options, capacity, g));
            }
        }

        return Execute(panel, legs, plan.Run.Benchmarks, plan.Run.Options(plan.Universe, start, end), plan.ExtraTrials, plan.Run.PboBlocks, plan.Progress);
    }

    /// <summary>Runs explicitly built strategies on one set of signals (strategy names must be distinct).</summary>
    /// <exception cref="ArgumentException">No strategies, duplicate names, an unknown benchmark, or see <see cref="BacktestEngine.Run"/>.</exception>
    public static BacktestReport Run(Panel panel, SignalMatrix? signals, IReadOnlyList<IStrategy> strategies, BacktestOptions options, RunnerOptions? runner = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(options);
        runner ??= new RunnerOptions();
        if (strategies.Count == 0) { throw new ArgumentException("No strategies to run.", nameof(strategies)); }
        var start = options.StartIndex ?? (signals is { FirstIndex: >= 0 } s ? s.FirstIndex : 0);
        var end = options.EndIndex ?? (panel.DateCount - 1);
        var fixedOptions = options with { StartIndex = start, EndIndex = end };
        var legs = strategies.Select(st => new Leg(st, signals, fixedOptions, runner.CapacityAccounts, 0)).ToList();
        return Execute(panel, legs, runner.Benchmarks, fixedOptions, runner.ExtraTrials, runner.PboBlocks, null);
    }

    private static BacktestReport Execute(Panel panel, List<Leg> legs, IReadOnlyList<string> benchmarkNames, BacktestOptions benchmarkOptions, int extraTrials, int pboBlocks, Action<string>? progress)
    {
        if (legs.Select(l => l.Strategy.Name).Distinct(StringComparer.Ordinal).Count() != legs.Count)
        {
            throw new ArgumentException("Strategy names must be distinct.", nameof(legs));
        }

        if (benchmarkNames.FirstOrDefault(b => !BacktestSettings.BenchmarkNames.Contains(b)) is { } unknown)
        {
            throw new ArgumentException($"Unknown benchmark '{unknown}' (known: {string.Join(", ", BacktestSettings.BenchmarkNames)}).", nameof(benchmarkNames));
        }

        var results = new List<BacktestResult>(legs.Count);
        foreach (var leg in legs)
        {
            progress?.Invoke(leg.Strategy.Name);
            results.Add(BacktestEngine.Run(panel, leg.Signals, leg.Strategy, leg.Options));
        }

        var trials = results.Count + extraTrials;
        var variance = SampleVariance(results.Select(r => PerformanceStatistics.DailySharpe(r.Equity, 0)).ToArray());
        var benchmarks = Benchmark(panel, benchmarkNames, benchmarkOptions);
        var (overfitting, note) = Overfitting(results, pboBlocks);
        return new BacktestReport
        {
            Strategies = results,
            Benchmarks = benchmarks,
            StrategyMetrics = results.ToDictionary(r => r.Name, r => PerformanceStatistics.Compute(r, 0, trials, variance), StringComparer.Ordinal),
            BenchmarkMetrics = benchmarks.ToDictionary(b => b.Name, b => PerformanceStatistics.Compute(b, 0), StringComparer.Ordinal),
            Capacity = Capacity(panel, legs, results),
            Overfitting = overfitting,
            OverfittingNote = note,
        };
    }

    /// <summary>The benchmarks in the given order on the strategies' dates; an index the panel lacks is left out.</summary>
    private static List<BacktestResult> Benchmark(Panel panel, IReadOnlyList<string> names, BacktestOptions options)
    {
        var (start, end) = (options.StartIndex!.Value, options.EndIndex!.Value);
        var benchmarks = new List<BacktestResult>();
        foreach (var name in names)
        {
            var b = name switch
            {
                "KOSDAQ" or "KOSPI" => Benchmarks.Index(panel, name, start, end, options.InitialCash),
                "equal_weight" => Benchmarks.EqualWeight(panel, options.UniverseMask, start, end, options.InitialCash),
                // Simulated with the run's frictions (keeps turnover, cost drag and PSR); the no-trade band is a strategy
                // setting, not part of the benchmark, so it is off here.
                _ => BacktestEngine.Run(panel, null, new MomentumStrategy(), options with { RebalanceEvery = 21, NoTradeBand = 0 }),
            };
            if (b is not null) { benchmarks.Add(b); }
        }

        return benchmarks;
    }

    /// <summary>
    /// Capacity rows, per configuration group: each account size, then each strategy of the group. The base account
    /// reuses the main path; other sizes rerun the same strategy instance (a simulation resets its state).
    /// </summary>
    private static List<CapacityRow> Capacity(Panel panel, List<Leg> legs, List<BacktestResult> results)
    {
        var rows = new List<CapacityRow>();
        foreach (var group in legs.Select((leg, k) => (Leg: leg, Result: results[k])).GroupBy(x => x.Leg.Group))
        {
            foreach (var account in group.First().Leg.Capacity)
            {
                foreach (var (leg, result) in group)
                {
                    var r = account == leg.Options.InitialCash ? result : BacktestEngine.Run(panel, leg.Signals, leg.Strategy, leg.Options with { InitialCash = account });
                    rows.Add(new CapacityRow(account, leg.Strategy.Name, PerformanceStatistics.Compute(r, 0)));
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// PBO by CSCV over the strategies' daily returns (they share one date range) with <paramref name="blocks"/> date
    /// blocks; a note instead when it cannot be computed (fewer than two strategies, too few dates); nothing when off.
    /// </summary>
    private static (OverfittingResult? Result, string? Note) Overfitting(List<BacktestResult> runs, int blocks)
    {
        if (blocks == 0) { return (null, null); }
        if (runs.Count < 2) { return (null, $"needs at least two model strategies (the run has {runs.Count})"); }
        var returns = runs.Select(r => PerformanceStatistics.Returns(r.Equity)).ToList();
        var t = returns[0].Length;
        return returns.Any(r => r.Length != t) || t < 4 * blocks
            ? (null, $"needs at least {4 * blocks} common trading days for {blocks} blocks (the strategies have {t})")
            : (BacktestOverfitting.Cscv(returns, blocks), null);
    }

    private static double? SampleVariance(double[] x)
    {
        var finite = x.Where(double.IsFinite).ToArray();
        if (finite.Length < 2) { return null; }
        var mean = finite.Average();
        return finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1);
    }
}
