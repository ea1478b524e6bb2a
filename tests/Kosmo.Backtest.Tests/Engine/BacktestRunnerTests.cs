using Kosmo.Backtest.Output;
using Kosmo.Backtest.Strategies;
using Kosmo.Backtest.Synthetic;
using Kosmo.Data.Synthetic;

namespace Kosmo.Backtest.Tests.Engine;

public class BacktestRunnerTests
{
    [Fact]
    public void Run_Should_ProduceBenchmarksAndADecayingCapacityCurve_When_GivenSkilledSignals()
    {
        // Given a generated market of 60 stocks over 400 days and signals with some skill
        var panel = SyntheticPanel.Generate(60, 400, 42);
        var signals = SyntheticSignals.Generate(panel, skill: 0.5, seed: 43);
        IStrategy[] strategies = [new TopKStrategy(K: 10, MinHoldDays: 2), new TopKDropoutStrategy(K: 10, NDrop: 2)];

        // When
        var report = BacktestRunner.Run(panel, signals, strategies, new BacktestOptions());

        // Then every benchmark is there on the same dates, DSR ≤ PSR, and bigger accounts fill less and earn less
        report.Benchmarks.Select(b => b.Name).Should().Equal("KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1");
        report.Benchmarks.Should().AllSatisfy(b => b.Dates.Should().Equal(report.Strategies[0].Dates));
        var m = report.StrategyMetrics["topk"];
        m.Dsr.Should().NotBeNull();
        m.Dsr!.Value.Should().BeLessThanOrEqualTo(m.Psr!.Value);
        m.TotalReturn.Should().BeGreaterThan(report.BenchmarkMetrics["equal_weight"].TotalReturn);
        var curve = report.Capacity.Where(c => c.Strategy == "topk").OrderBy(c => c.AccountKrw).ToList();
        curve.Should().HaveCount(3);
        curve[2].Metrics.TotalReturn.Should().BeLessThan(curve[1].Metrics.TotalReturn);
        curve[1].Metrics.TotalReturn.Should().BeLessThan(curve[0].Metrics.TotalReturn);
        curve[2].Metrics.Turnover!.Value.Should().BeLessThan(curve[0].Metrics.Turnover!.Value, "the 10% volume cap leaves big orders unfilled");
    }

    [Fact]
    public void Run_Should_GiveIdenticalMetrics_When_RepeatedWithTheSameInputs()
    {
        // Given the same generated market, signals and strategies twice (mean-variance included)
        var panel = SyntheticPanel.Generate(40, 200, 9);
        var signals = SyntheticSignals.Generate(panel, skill: 0.4, seed: 10);
        IStrategy[] strategies = [new MeanVarianceStrategy { Candidates = 15, Cap = 0.2 }, new ProbabilityWeightedStrategy(MaxNames: 10, Cap: 0.2)];
        var runner = new RunnerOptions { CapacityAccounts = [100_000_000] };

        // When
        var a = BacktestRunner.Run(panel, signals, strategies, new BacktestOptions { RebalanceEvery = 5 }, runner);
        var b = BacktestRunner.Run(panel, signals, strategies, new BacktestOptions { RebalanceEvery = 5 }, runner);

        // Then every equity path and every metric is bit-identical, and the optimiser really traded
        a.Strategies[0].Trades.Should().NotBeEmpty();
        a.Strategies.Zip(b.Strategies).Should().AllSatisfy(p => p.First.Equity.Should().Equal(p.Second.Equity));
        foreach (var (name, m) in a.StrategyMetrics) { Kosmo.Backtest.Output.MetricsJson.ToJson(m).ToJsonString().Should().Be(Kosmo.Backtest.Output.MetricsJson.ToJson(b.StrategyMetrics[name]).ToJsonString()); }
    }

    [Fact]
    public void WriteAll_Should_WriteEveryRunFile_When_GivenAReport()
    {
        var panel = SyntheticPanel.Generate(30, 300, 5);
        var signals = SyntheticSignals.Generate(panel, skill: 0.3, seed: 6);
        var report = BacktestRunner.Run(panel, signals, [new TopKStrategy(K: 5)], new BacktestOptions(), new RunnerOptions { CapacityAccounts = [100_000_000] });
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-runner-" + Guid.NewGuid().ToString("N"));
        try
        {
            RunFolderWriter.WriteAll(dir, report);

            foreach (var f in new[] { "equity.csv", "trades.csv", "capacity.csv", "backtest_daily.csv", "metrics.json" }) { File.Exists(Path.Combine(dir, f)).Should().BeTrue(f); }
            File.ReadLines(Path.Combine(dir, "equity.csv")).Count().Should().Be(1 + (5 * report.Strategies[0].Dates.Length));
            report.StrategyMetrics["topk"].Dsr.Should().BeNull("one strategy and no trial variance given");
        }
        finally
        {
            if (Directory.Exists(dir)) { Directory.Delete(dir, true); }
        }
    }
}
