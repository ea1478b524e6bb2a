using System.Diagnostics;
using System.Globalization;
using Kosmo.Backtest;
using Kosmo.Backtest.Strategies;
using Kosmo.Backtest.Synthetic;
using Kosmo.Data.Synthetic;

namespace Kosmo.Bench.Backtest;

/// <summary>
/// <c>backtest_full_s</c>: one top-k (k = 20, daily rebalance, next-open fills, default KRX frictions) backtest over a
/// generated panel the size of the shared universe's full history (2,000 stocks × 4,400 days, halts, limit moves,
/// delistings; <see cref="SyntheticPanel"/>, the project's one synthetic market) with a signal for every stock-day. Median of 3 runs after a warm-up.
/// Also prints the top-k-dropout, monthly 12-1 momentum and weekly mean-variance runs, one full <see cref="BacktestRunner"/>
/// (2 strategies + benchmarks + 3 account sizes, single run), the capacity CAGRs (synthetic data: shape, not research) and the
/// generation time. --quick: 500 × 1,000.
/// </summary>
public sealed class BacktestFigure : IFigure
{
    /// <inheritdoc />
    public string Name => "backtest";

    /// <inheritdoc />
    public void Run(bool quick, TextWriter output)
    {
        var (codes, dates) = quick ? (500, 1_000) : (2_000, 4_400);
        var sw = Stopwatch.StartNew();
        var panel = SyntheticPanel.Generate(codes, dates, 2026);
        var signals = SyntheticSignals.Generate(panel, 0.3, 2027);
        var generate = sw.Elapsed.TotalSeconds;
        var options = new BacktestOptions();
        var warm = SyntheticPanel.Generate(50, 300, 1);
        BacktestEngine.Run(warm, SyntheticSignals.Generate(warm, 0.3, 2), new TopKStrategy(), options);
        BacktestEngine.Run(warm, null, new MomentumStrategy(), options with { RebalanceEvery = 21 });

        var topk = Median(() => BacktestEngine.Run(panel, signals, new TopKStrategy(K: 20, MinHoldDays: 5), options), out var result);
        var dropout = Median(() => BacktestEngine.Run(panel, signals, new TopKDropoutStrategy(K: 20, NDrop: 2), options), out _);
        var momentum = Median(() => BacktestEngine.Run(panel, null, new MomentumStrategy(), options with { RebalanceEvery = 21 }), out _);
        var meanVariance = Median(() => BacktestEngine.Run(panel, signals, new MeanVarianceStrategy(), options with { RebalanceEvery = 5 }), out _);
        sw.Restart();
        var report = BacktestRunner.Run(panel, signals, [new TopKStrategy(K: 20, MinHoldDays: 5), new TopKDropoutStrategy(K: 20, NDrop: 2)], options);
        var runner = sw.Elapsed.TotalSeconds;
        output.WriteLine($"backtest_panel={panel.CodeCount}x{panel.DateCount}");
        output.WriteLine($"backtest_full_s={F(topk)}");
        output.WriteLine($"backtest_dropout_s={F(dropout)}");
        output.WriteLine($"backtest_momentum_s={F(momentum)}");
        output.WriteLine($"backtest_mean_variance_weekly_s={F(meanVariance)}");
        output.WriteLine($"backtest_runner_s={F(runner)}");
        output.WriteLine($"backtest_trades={result.Trades.Count}");
        foreach (var c in report.Capacity)
        {
            output.WriteLine($"backtest_capacity_{c.Strategy}_{c.AccountKrw}_cagr={F(c.Metrics.Cagr)}");
        }

        output.WriteLine($"backtest_generate_s={F(generate)}");
    }

    private static double Median(Func<BacktestResult> run, out BacktestResult last)
    {
        var times = new List<double>();
        last = null!;
        for (var k = 0; k < 3; k++)
        {
            var sw = Stopwatch.StartNew();
            last = run();
            times.Add(sw.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[1];
    }

    private static string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
}
