using System.Text.Json.Nodes;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Experiment.Tests.Pipeline;
using Kosmo.Cli.Tests.Reliability;

namespace Kosmo.Cli.Tests.Commands;

/// <summary>
/// <c>kosmo run</c> and <c>kosmo backtest</c> share one backtest orchestration: re-trading a finished run folder with
/// the run's own settings gives back the run's backtest rows exactly (paths, trades, daily rows, capacity, metrics, PBO).
/// </summary>
[Collection("console")]
public sealed class BacktestReproductionTests : IDisposable
{
    // A no-trade band and EMA smoothing (both used to be applied differently by the two commands), capacity at two
    // sizes, every benchmark, and PBO over the run's three model strategies.
    private static readonly string Yaml = SmallMarket.Config("reproduce", seed: 5, threads: 2,
        SmallMarket.Features(lookback: 16), SmallMarket.Labels(), SmallMarket.Split(2017),
        SmallMarket.TinyTft(hidden: 8, epochs: 1, maxTrainSamples: 1000),
        "baselines: [momentum_12_1, logistic]",
        SmallMarket.Section("backtest", "top_k: 5", "rebalance_days: 5", "account_krw: 100_000_000", "capacity_krw: [100_000_000, 3_000_000_000]",
            "no_trade_band: 0.01", "smoothing_span: 3", "pbo_blocks: 4"));

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-reproduce-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void Backtest_Should_ReproduceTheRunsBacktestRowsExactly_When_GivenTheRunsOwnSettings()
    {
        // Given a finished run folder
        var run = Path.Combine(_root, "run");
        new ExperimentRunner(ExperimentConfig.Parse(Yaml, "reproduce.yaml"), run, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);

        // When kosmo backtest re-trades its predictions with its own settings (and the capacity sweep the run did)
        var again = Path.Combine(_root, "again");
        var (code, _, err) = CliHarness.Run("backtest", "--run", run, "--out", again, "--capacity");

        // Then every backtest file is byte-identical to the run's
        code.Should().Be(ExitCodes.Ok, err);
        foreach (var file in new[] { "equity.csv", "trades.csv", "backtest_daily.csv", "capacity.csv" })
        {
            File.ReadAllText(Path.Combine(again, file)).Should().Be(File.ReadAllText(Path.Combine(run, file)), file);
        }

        File.ReadAllLines(Path.Combine(run, "capacity.csv")).Should().HaveCount(1 + (2 * 3), "two sizes × three models");
        File.ReadAllLines(Path.Combine(run, "trades.csv")).Select(l => l.Split(',')[2]).Should().Contain(["logistic/topk", "momentum_12_1/topk", "tft_lite/topk", "momentum_12_1"]);

        // And so are the metrics.json sections the backtest writes, the PBO section included
        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")))!.AsObject();
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(again, "metrics.json")))!.AsObject();
        a["pbo"]!["pbo"]!.GetValue<double>().Should().BeInRange(0, 1);
        a["pbo"]!["strategies"]!.AsArray().Should().HaveCount(3);
        a["benchmarks"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(["KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1"]);
        foreach (var section in new[] { "backtests", "benchmarks", "pbo" })
        {
            b[section]!.ToJsonString().Should().Be(a[section]!.ToJsonString(), section);
        }
    }
}
