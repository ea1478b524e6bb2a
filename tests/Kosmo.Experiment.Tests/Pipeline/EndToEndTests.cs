using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>The whole experiment on a small synthetic market: the run folder DESIGN.md fixes, and reproducibility.</summary>
public sealed class EndToEndTests : IDisposable
{
    private static readonly string Yaml = SmallMarket.Config("e2e", seed: 11, threads: 2,
        SmallMarket.Features(lookback: 20), SmallMarket.Labels(), SmallMarket.Split(2017), SmallMarket.TinyTft(hidden: 16, epochs: 2, maxTrainSamples: 2000));

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-e2e-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Run_Should_WriteTheContractRunFolderAndIdenticalMetrics_When_RunTwiceWithTheSameSeed()
    {
        // Given a small synthetic experiment
        var trials = ExperimentConfig.Parse(Yaml, "e2e.yaml");
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "b");

        // When it runs twice into two folders
        var progress = new SilentProgress();
        new ExperimentRunner(trials, a, new RunOptions(false, null, false), progress).Run(CancellationToken.None);
        new ExperimentRunner(trials, b, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);

        // Then every contract file exists with its header
        progress.Steps.Should().Equal("data", "prepare", "train", "evaluate", "backtest", "explain", "report");
        File.ReadLines(Path.Combine(a, "predictions.csv")).First().Should().Be("date,code,model,p_down,p_flat,p_up");
        File.ReadLines(Path.Combine(a, "equity.csv")).First().Should().Be("date,strategy,equity");
        File.ReadLines(Path.Combine(a, "trades.csv")).First().Should().Be("date,code,strategy,side,shares,price,commission,tax,slippage");
        File.ReadAllText(Path.Combine(a, "config.yaml")).Should().Contain("seed: 11");
        File.ReadAllText(Path.Combine(a, "report.html")).Should().Contain("SYNTHETIC").And.Contain("<svg");

        // And metrics.json has every section and the contract keys, for every model including each baseline
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(a, "metrics.json")))!.AsObject();
        metrics["data"]!["synthetic"]!.GetValue<bool>().Should().BeTrue();
        var models = metrics["models"]!.AsObject();
        models.Select(m => m.Key).Should().Contain(trials[0].Baselines.Where(n => n is "logistic" or "momentum_12_1" or "momentum_20d"));
        foreach (var (_, model) in models)
        {
            foreach (var key in new[] { "accuracy", "balanced_accuracy", "macro_f1", "macro_f1_ci", "log_loss", "brier", "ic", "rank_ic", "rank_ic_ci", "icir", "n_test" })
            {
                model!.AsObject().ContainsKey(key).Should().BeTrue($"models.*.{key} is in the contract");
            }
        }

        foreach (var section in new[] { "backtests", "benchmarks" })
        {
            metrics[section]!.AsObject().Should().NotBeEmpty();
            foreach (var (_, bt) in metrics[section]!.AsObject())
            {
                foreach (var key in new[] { "total_return", "cagr", "ann_vol", "sharpe", "sortino", "max_drawdown", "calmar" })
                {
                    bt!.AsObject().ContainsKey(key).Should().BeTrue($"{section}.*.{key} is in the contract");
                }
            }
        }

        metrics["benchmarks"]!.AsObject().Select(p => p.Key).Should().Contain(["KOSDAQ", "KOSPI", "equal_weight", "momentum_12_1"]);

        // And the probability of backtest overfitting covers every model strategy: C(16, 8) combinations
        var pbo = metrics["pbo"]!.AsObject();
        pbo["strategies"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal(metrics["backtests"]!.AsObject().Select(p => p.Key));
        pbo["combinations"]!.GetValue<int>().Should().Be(12_870);
        pbo["logits"]!.AsArray().Should().HaveCount(12_870);
        pbo["pbo"]!.GetValue<double>().Should().BeInRange(0, 1);
        File.ReadAllText(Path.Combine(a, "report.html")).Should().Contain("Probability of backtest overfitting (CSCV)");

        // And the same config and seed give a byte-identical metrics.json
        File.ReadAllBytes(Path.Combine(b, "metrics.json")).Should().Equal(File.ReadAllBytes(Path.Combine(a, "metrics.json")));
    }

    [Fact]
    public void Predict_Should_ReproduceTheRunsTestPredictions_When_AskedForATestDate()
    {
        // Given a finished run
        var trials = ExperimentConfig.Parse(Yaml, "e2e.yaml");
        var dir = Path.Combine(_root, "p");
        var outcome = new ExperimentRunner(trials, dir, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);
        var ctx = outcome.Prepared;
        var lastFold = Kosmo.Experiment.Live.LiveModels.LastFold(dir, "tft_lite");
        var predicted = PredictionsCsv.Read(Path.Combine(FoldExecutor.CellDir(outcome.Run.TrialDir, "tft_lite", lastFold), "predictions.csv")).ToList();
        var date = predicted.GroupBy(r => r.Date).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

        // When the run's last fold model (no model set: kosmo fit has not run) predicts the universe of one of its test dates
        var t = ctx.Panel.IndexOfDate(date);
        var T = ctx.Panel.DateCount;
        var members = Enumerable.Range(0, ctx.Panel.CodeCount).Where(i => ctx.UniverseMask[(i * T) + t]).ToList();
        var (p, origin) = Kosmo.Experiment.Live.LiveModels.Predict(dir, ctx, null, "tft_lite", t, members, _ => { });
        var rows = members.Select((i, r) => (Code: ctx.Panel.Codes[i], PDown: p[r * 3], PUp: p[(r * 3) + 2])).Where(r => float.IsFinite(r.PUp)).ToList();

        // Then it is the last fold's model and equals the run's own test predictions for the same stocks
        origin.Description.Should().StartWith("walk-forward fold");
        var expected = predicted.Where(r => r.Date == date).ToDictionary(r => r.Code);
        var common = rows.Where(r => expected.ContainsKey(r.Code)).ToList();
        common.Should().HaveCount(expected.Count, "every test prediction of that date is a universe member with a window");
        foreach (var r in common)
        {
            r.PUp.Should().BeApproximately(expected[r.Code].PUp, 1e-5f);
            r.PDown.Should().BeApproximately(expected[r.Code].PDown, 1e-5f);
        }
    }

    [Fact]
    public void Train_Should_StopAfterTrainingWithLogsAndInterpretation_When_TrainOnly()
    {
        // Given a small experiment run with the train-only option (kosmo train)
        var trials = ExperimentConfig.Parse(Yaml, "e2e.yaml");
        var dir = Path.Combine(_root, "t");

        // When it runs
        var progress = new SilentProgress();
        new ExperimentRunner(trials, dir, new RunOptions(false, null, false, TrainOnly: true), progress).Run(CancellationToken.None);

        // Then training outputs exist, with one log row per model, fold and epoch, and nothing after training ran
        progress.Steps.Should().Equal("data", "prepare", "train", "explain");
        File.ReadLines(Path.Combine(dir, "training_log.csv")).First().Should().Be("model,fold,epoch,train_loss,val_loss,val_macro_f1,lr,samples_per_s");
        File.ReadLines(Path.Combine(dir, "training_log.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().Should().Contain(["tft_lite", "lstm", "mlp", "transformer"]);
        File.Exists(Path.Combine(dir, "predictions.csv")).Should().BeTrue();
        File.Exists(Path.Combine(dir, "labels.csv")).Should().BeTrue();
        File.Exists(Path.Combine(dir, "report.html")).Should().BeFalse();

        // And the interpretation averages are proper distributions: attention over lags sums to 1 per model
        var attention = File.ReadLines(Path.Combine(dir, "attention.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        attention.Should().NotBeEmpty();
        attention.Sum(f => double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)).Should().BeApproximately(1.0, 1e-4);
        var temporal = File.ReadLines(Path.Combine(dir, "variable_importance.csv")).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "temporal").ToList();
        temporal.Sum(f => double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)).Should().BeApproximately(1.0, 1e-4);
    }

    [Fact]
    public void Train_Should_TrainATabularMainModel_When_ModelNameIsLogistic()
    {
        // Given the small experiment with logistic regression as the main model and one cheap baseline
        var yaml = Yaml.Replace("  hidden: 16\n  heads: 2\n  epochs: 2\n  patience: 1\n  batch: 128\n", "  name: logistic\n", StringComparison.Ordinal) + "\nbaselines: [momentum_20d]\n";
        yaml.Should().Contain("  name: logistic\n  max_train_samples", "the neural training keys are left out (they would have no effect)");
        var trials = ExperimentConfig.Parse(yaml, "e2e.yaml");
        var dir = Path.Combine(_root, "logistic");

        // When it trains
        new ExperimentRunner(trials, dir, new RunOptions(false, null, false, TrainOnly: true), new SilentProgress()).Run(CancellationToken.None);

        // Then the main model's test predictions exist beside the baseline's, as proper distributions
        var rows = File.ReadLines(Path.Combine(dir, "predictions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        rows.Select(f => f[2]).Distinct().Should().BeEquivalentTo(["logistic", "momentum_20d"]);
        var header = File.ReadLines(Path.Combine(dir, "predictions.csv")).First().Split(',');
        int down = Array.IndexOf(header, "p_down"), flat = Array.IndexOf(header, "p_flat"), up = Array.IndexOf(header, "p_up");
        rows.Where(f => f[2] == "logistic").Should().AllSatisfy(f =>
            (double.Parse(f[down], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(f[flat], System.Globalization.CultureInfo.InvariantCulture)
             + double.Parse(f[up], System.Globalization.CultureInfo.InvariantCulture)).Should().BeApproximately(1.0, 1e-4));
    }

    [Fact]
    public void Run_Should_FailNamingTheSplitKey_When_NoTestYearIsInTheData()
    {
        // Given the small experiment with a first test year after the synthetic market ends
        var yaml = Yaml.Replace("first_test_year: 2017", "first_test_year: 2030", StringComparison.Ordinal);
        var trials = ExperimentConfig.Parse(yaml, "e2e.yaml");

        // When it runs
        var act = () => new ExperimentRunner(trials, Path.Combine(_root, "nofold"), new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);

        // Then it stops before training with a config error (exit 2) naming the key and the data's date range
        act.Should().Throw<Kosmo.Experiment.Config.ConfigException>().WithMessage("*split.first_test_year*2030*");
    }

    [Fact]
    public void Run_Should_ReuseFinishedCells_When_Resumed()
    {
        // Given a run that computed only fold 0 (scatter mode)
        var trials = ExperimentConfig.Parse(Yaml, "e2e.yaml");
        var dir = Path.Combine(_root, "r");
        new ExperimentRunner(trials, dir, new RunOptions(false, 0, false), new SilentProgress()).Run(CancellationToken.None);
        var cell = Directory.GetFiles(Path.Combine(dir, "trials"), "done", SearchOption.AllDirectories);
        cell.Should().NotBeEmpty();
        File.Exists(Path.Combine(dir, "metrics.json")).Should().BeFalse("scatter mode stops before evaluation");
        var stamp = File.GetLastWriteTimeUtc(cell[0]);

        // When it is resumed
        new ExperimentRunner(trials, dir, new RunOptions(true, null, false), new SilentProgress()).Run(CancellationToken.None);

        // Then the finished cells were not recomputed and the run completed
        File.GetLastWriteTimeUtc(cell[0]).Should().Be(stamp);
        File.Exists(Path.Combine(dir, "report.html")).Should().BeTrue();
    }
}
