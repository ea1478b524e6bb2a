using System.Globalization;
using System.Text.Json.Nodes;
using Kosmo.Cli.Commands;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Core;

namespace Kosmo.Cli.Tests.Commands;

/// <summary><c>kosmo backtest</c> on a tiny synthetic run folder (20 stocks, 2 years, predictions for the second year).</summary>
[Collection("console")]
public sealed class BacktestCommandTests : IDisposable
{
    private const string RunConfig = """
        name: tiny
        seed: 3
        data:
          source: synthetic
          synthetic_stocks: 20
          synthetic_years: 2
          synthetic_seed: 5
        universe:
          min_avg_value_krw: 0
          min_price: 0
          min_market_cap_krw: 0
          small_cap_band: 1.0
          min_history_days: 1
        backtest:
          strategy: topk
          top_k: 3
          rebalance_days: 5
          account_krw: 100000000
          benchmarks: [KOSDAQ, equal_weight]
        """;

    private const string Strategies = """
        models: [alpha, beta]
        extra_trials: 3
        strategies:
          hyst: { strategy: topk_hysteresis, top_k: 3, exit_rank: 6, rebalance_days: 1, no_trade_band: 0.01 }
          jt:   { strategy: overlapping, top_k: 3, tranches: 4, rebalance_days: 1, no_trade_band: 0.005, smoothing_span: 3 }
          mv:   { strategy: optimizer, weight_cap: 0.25, turnover_penalty: 0.01 }
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-bt-" + Guid.NewGuid().ToString("N"));

    public BacktestCommandTests()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "config.yaml"), RunConfig);
        var config = ExperimentConfig.Parse(RunConfig, "config.yaml")[0];
        var panel = PanelSource.Load(config.Data, _ => { });
        using var w = new StreamWriter(Path.Combine(_root, "predictions.csv"));
        w.WriteLine("date,code,model,p_down,p_flat,p_up");
        for (var t = panel.DateCount / 2; t < panel.DateCount; t++)
        {
            for (var i = 0; i < panel.CodeCount; i++)
            {
                foreach (var (model, shift) in new[] { ("alpha", 0), ("beta", 7) })
                {
                    var up = 0.2 + (0.6 * (((i + shift + (t / 10)) % 20) / 19.0));
                    var down = (1 - up) / 2;
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{panel.Dates[t]:yyyy-MM-dd},{panel.Codes[i]},{model},{down:R},{down:R},{up:R}"));
                }
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void Execute_Should_BacktestEveryModelAndConfiguration_When_GivenAStrategiesFile()
    {
        // Given a run folder and a strategies file with three configurations for two models (+3 earlier trials)
        var file = Path.Combine(_root, "strategies.yaml");
        File.WriteAllText(file, Strategies);
        var output = Path.Combine(_root, "out");

        // When kosmo backtest re-runs them
        var code = BacktestCommand.Execute(_root, file, [], null, null, output);

        // Then it succeeds and writes one row per (model, configuration) and per benchmark
        code.Should().Be(ExitCodes.Ok);
        var rows = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        rows[0].Should().Be("strategy,cagr,ann_vol,sharpe,max_drawdown,turnover,cost_drag,gross_total_return,total_return,psr,dsr");
        rows.Skip(1).Select(r => r.Split(',')[0]).Should().Equal("alpha/hyst", "beta/hyst", "alpha/jt", "beta/jt", "alpha/mv", "beta/mv", "KOSDAQ", "equal_weight");
        File.ReadAllText(Path.Combine(output, "summary.md")).Should().Contain("trials: 9 (6 here + 3 declared earlier)");

        // And metrics.json holds the contract keys with a finite DSR, and every strategy traded
        var backtests = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")))!["backtests"]!.AsObject();
        backtests.Select(p => p.Key).Should().HaveCount(6);
        backtests["alpha/jt"]!["dsr"]!.GetValue<double>().Should().BeInRange(0, 1);
        var trades = File.ReadAllLines(Path.Combine(output, "trades.csv")).Skip(1).Select(l => l.Split(',')[2]).ToHashSet();
        trades.Should().Contain(["alpha/hyst", "beta/hyst", "alpha/jt", "beta/jt", "alpha/mv", "beta/mv"]);
    }

    [Fact]
    public void Execute_Should_ReproduceTheRunsOwnStrategy_When_NoStrategiesAreGiven()
    {
        // When re-run without a strategies file and with one override
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "b");
        var plain = BacktestCommand.Execute(_root, null, [], "alpha", null, a);
        var changed = BacktestCommand.Execute(_root, null, ["backtest.rebalance_days=10"], "alpha", null, b);

        // Then the run's strategy (topk) is used under its own name, and the override changes the path
        plain.Should().Be(ExitCodes.Ok);
        changed.Should().Be(ExitCodes.Ok);
        File.ReadAllLines(Path.Combine(a, "summary.csv"))[1].Should().StartWith("alpha/topk,");
        File.ReadAllLines(Path.Combine(b, "summary.csv"))[1].Should().StartWith("alpha/custom,");
        File.ReadAllText(Path.Combine(a, "equity.csv")).Should().NotBe(File.ReadAllText(Path.Combine(b, "equity.csv")).Replace("alpha/custom", "alpha/topk", StringComparison.Ordinal));
    }

    [Fact]
    public void Execute_Should_RerunEachStrategyAtEveryCapacitySize_When_CapacityIsAsked()
    {
        // Given the run (account 100 M KRW; capacity_krw defaults to 100 M, 1 bn, 10 bn)
        var plain = Path.Combine(_root, "plain");
        var withCapacity = Path.Combine(_root, "capacity");

        // When it is re-run without and with --capacity
        BacktestCommand.Execute(_root, null, [], "alpha", null, plain).Should().Be(ExitCodes.Ok);
        BacktestCommand.Execute(_root, null, [], "alpha", null, withCapacity, capacity: true).Should().Be(ExitCodes.Ok);

        // Then capacity.csv is empty without it, and with it holds one row per size; the account-size row equals the main
        // backtest, and the biggest account trades differently (orders capped at a share of the day's volume fill in part)
        File.ReadAllLines(Path.Combine(plain, "capacity.csv")).Should().ContainSingle("only the header");
        var rows = File.ReadAllLines(Path.Combine(withCapacity, "capacity.csv"));
        rows[0].Should().Be("account_krw,strategy,total_return,cagr,sharpe,cost_drag");
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        cells.Select(c => c[0]).Should().Equal("100000000", "1000000000", "10000000000");
        cells.Should().OnlyContain(c => c[1] == "alpha/topk");
        var summary = File.ReadAllLines(Path.Combine(withCapacity, "summary.csv"))[1].Split(',');
        double.Parse(cells[0][2], CultureInfo.InvariantCulture).Should().BeApproximately(double.Parse(summary[8], CultureInfo.InvariantCulture), 5e-5, "summary.csv rounds to 4 decimals");
        cells[2][2].Should().NotBe(cells[0][2]);
        cells[2][5].Should().NotBe(cells[0][5]);
    }

    [Fact]
    public void Execute_Should_FailWithInvalidData_When_AStrategyKeyIsUnknown()
    {
        // Given a typo in a configuration
        var file = Path.Combine(_root, "bad.yaml");
        File.WriteAllText(file, "strategies:\n  h: { strategy: topk_hysteresis, exit_rnk: 60 }\n");

        // When / Then: the grid names the key path, and the command exits with InvalidData
        var act = () => StrategyGrid.Load(file, []);
        act.Should().Throw<DataValidationException>().Which.Message.Should().Contain("strategies.h.exit_rnk");
        BacktestCommand.Execute(_root, file, [], null, null, Path.Combine(_root, "never")).Should().Be(ExitCodes.InvalidData);
        Directory.Exists(Path.Combine(_root, "never")).Should().BeFalse();
    }

    [Fact]
    public void Execute_Should_TradeOnlyTheSeededControls_When_NoRealModelIsListed()
    {
        // When only random controls are asked for (the second with a seed offset)
        var output = Path.Combine(_root, "controls");
        var code = BacktestCommand.Execute(_root, null, [], "random_control,random_persistent@2,random_persistent@3", null, output);

        // Then the controls trade on the first model's cells, with different draws per seed, and no real model is traded
        code.Should().Be(ExitCodes.Ok);
        var names = File.ReadAllLines(Path.Combine(output, "summary.csv")).Skip(1).Select(r => r.Split(',')[0]).ToList();
        names.Should().StartWith(["random_control/topk", "random_persistent@2/topk", "random_persistent@3/topk"]);
        names.Should().NotContain(n => n.StartsWith("alpha", StringComparison.Ordinal) || n.StartsWith("beta", StringComparison.Ordinal));
        var equity = File.ReadAllLines(Path.Combine(output, "equity.csv")).Skip(1).Select(l => l.Split(',')).GroupBy(f => f[1]).ToDictionary(g => g.Key, g => g.Select(f => f[2]).ToList());
        equity["random_persistent@2/topk"].Should().NotEqual(equity["random_persistent@3/topk"]);
        BacktestCommand.Execute(_root, null, [], "random_persistent@x", null, Path.Combine(_root, "bad")).Should().Be(ExitCodes.InvalidData);
    }

    [Fact]
    public void Execute_Should_ReportNotFound_When_TheFolderIsNotARun()
    {
        BacktestCommand.Execute(Path.Combine(_root, "missing"), null, [], null, null, null).Should().Be(ExitCodes.NotFound);
    }
}
