using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>The lightgbm baseline through the experiment on the small synthetic market: contract, reproducibility, resume, predict, out of time (a missing library: Kosmo.Cli.Tests, LightGbmLibraryTests).</summary>
public sealed class LightGbmPipelineTests : IDisposable
{
    private static readonly string Yaml = SmallMarket.Config("lgbm", seed: 5, threads: 2,
        SmallMarket.Features(lookback: 20), SmallMarket.Labels(), SmallMarket.Split(2017),
        SmallMarket.LogisticWithLightGbm(maxTrainSamples: 4000, maxRounds: 120, earlyStoppingRounds: 20),
        "baselines: [momentum_20d, lightgbm]");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-lgbm-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Run_Should_WriteLightGbmMetricsBoostersAndIdenticalBytes_When_RunTwiceWithTheSameSeed()
    {
        // Given the small experiment with the lightgbm baseline
        var trials = ExperimentConfig.Parse(Yaml, "lgbm.yaml");
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "b");

        // When it runs twice into two folders
        new ExperimentRunner(trials, a, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);
        new ExperimentRunner(trials, b, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);

        // Then metrics.json has models.lightgbm with every contract key
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(a, "metrics.json")))!.AsObject();
        var lgbm = metrics["models"]!["lightgbm"]!.AsObject();
        foreach (var key in new[] { "accuracy", "balanced_accuracy", "macro_f1", "macro_f1_ci", "log_loss", "brier", "ic", "rank_ic", "rank_ic_ci", "icir", "n_test" })
        {
            lgbm.ContainsKey(key).Should().BeTrue($"models.lightgbm.{key} is in the contract");
        }

        lgbm["n_test"]!.GetValue<int>().Should().Be(metrics["models"]!["logistic"]!["n_test"]!.GetValue<int>());

        // And every fold cell holds its booster, and the gain importance reached RUN/variable_importance.csv
        var boosters = Directory.GetFiles(Path.Combine(a, "trials"), LightGbmRunner.ModelFile, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        boosters.Should().NotBeEmpty().And.OnlyContain(f => File.ReadAllText(f).StartsWith("tree\n", StringComparison.Ordinal));
        var importance = File.ReadLines(Path.Combine(a, "variable_importance.csv")).Where(l => l.StartsWith("lightgbm,temporal,", StringComparison.Ordinal)).ToList();
        importance.Should().Contain(l => l.Contains("_chg20,", StringComparison.Ordinal));
        importance.Sum(l => double.Parse(l[(l.LastIndexOf(',') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Should().BeApproximately(1.0, 1e-6);

        // And the same config and seed give byte-identical boosters and metrics.json
        foreach (var f in boosters)
        {
            File.ReadAllBytes(f.Replace(a, b, StringComparison.Ordinal)).Should().Equal(File.ReadAllBytes(f));
        }

        File.ReadAllBytes(Path.Combine(b, "metrics.json")).Should().Equal(File.ReadAllBytes(Path.Combine(a, "metrics.json")));
    }

    [Fact]
    public void Run_Should_ReuseTheSavedBoosterAndPredictTheSameRows_When_ACellIsResumedAfterItsBoosterWasWritten()
    {
        // Given a run, and one lightgbm cell interrupted after saving its booster (no predictions, no done marker)
        var trials = ExperimentConfig.Parse(Yaml, "lgbm.yaml");
        var dir = Path.Combine(_root, "r");
        var outcome = new ExperimentRunner(trials, dir, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);
        var cell = FoldExecutor.CellDir(outcome.Run.TrialDir, "lightgbm", 0);
        var before = File.ReadAllText(Path.Combine(cell, "predictions.csv"));
        File.Delete(Path.Combine(cell, "predictions.csv"));
        File.Delete(Path.Combine(cell, "done"));
        var booster = Path.Combine(cell, LightGbmRunner.ModelFile);
        var stamp = File.GetLastWriteTimeUtc(booster);

        // When it is resumed
        new ExperimentRunner(trials, dir, new RunOptions(true, null, false), new SilentProgress()).Run(CancellationToken.None);

        // Then the booster was reused, not refitted, and the cell's predictions are the same
        File.GetLastWriteTimeUtc(booster).Should().Be(stamp);
        File.ReadAllText(Path.Combine(cell, "predictions.csv")).Should().Be(before);
    }

    [Fact]
    public void Predict_Should_ReproduceTheRunsLightGbmPredictions_When_AskedForATestDate()
    {
        // Given a finished run
        var trials = ExperimentConfig.Parse(Yaml, "lgbm.yaml");
        var dir = Path.Combine(_root, "p");
        var outcome = new ExperimentRunner(trials, dir, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);
        var ctx = outcome.Prepared;
        var lastFold = Kosmo.Experiment.Live.LiveModels.LastFold(dir, "lightgbm");
        var predicted = PredictionsCsv.Read(Path.Combine(FoldExecutor.CellDir(outcome.Run.TrialDir, "lightgbm", lastFold), "predictions.csv")).ToList();
        var date = predicted.GroupBy(r => r.Date).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

        // When the last fold's booster predicts the universe of one of its test dates
        var t = ctx.Panel.IndexOfDate(date);
        var T = ctx.Panel.DateCount;
        var members = Enumerable.Range(0, ctx.Panel.CodeCount).Where(i => ctx.UniverseMask[(i * T) + t]).ToList();
        var (p, _) = Kosmo.Experiment.Live.LiveModels.Predict(dir, ctx, null, "lightgbm", t, members, _ => { });
        var rows = members.Select((i, r) => (Code: ctx.Panel.Codes[i], PDown: p[r * 3], PUp: p[(r * 3) + 2])).ToList();

        // Then it equals the run's own test predictions for the same stocks
        var expected = predicted.Where(r => r.Date == date).ToDictionary(r => r.Code);
        var common = rows.Where(r => expected.ContainsKey(r.Code)).ToList();
        common.Should().HaveCount(expected.Count);
        foreach (var r in common)
        {
            r.PUp.Should().Be(expected[r.Code].PUp);
            r.PDown.Should().Be(expected[r.Code].PDown);
        }
    }

    [Fact]
    public void Run_Should_EvaluateLightGbmZeroShotAndFinetuned_When_OotIsConfigured()
    {
        // Given the out-of-time experiment of the OOT tests with logistic as the main model and lightgbm as baseline
        var yaml = OotPipelineTests.Yaml
            .Replace("  hidden: 8\n  heads: 2\n  epochs: 1\n  patience: 1\n  batch: 128\n", "  name: logistic\n", StringComparison.Ordinal)
            .Replace("baselines: [logistic, momentum_20d, mlp]", "baselines: [lightgbm]", StringComparison.Ordinal);
        yaml.Should().Contain("  name: logistic\n  max_train_samples", "the neural training keys are left out (they would have no effect)");
        var trials = ExperimentConfig.Parse(yaml, "oot-lgbm.yaml");
        var dir = Path.Combine(_root, "oot");

        // When it runs
        new ExperimentRunner(trials, dir, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);

        // Then lightgbm (the last fold's saved booster) and lightgbm+ft (the pooled refit) are evaluated out of time
        var models = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")))!["oot"]!["models"]!.AsObject();
        models.Select(p => p.Key).Should().Contain(["lightgbm", "lightgbm+ft"]);
        models["lightgbm"]!["n_test"]!.GetValue<int>().Should().Be(models["logistic"]!["n_test"]!.GetValue<int>());
        models["lightgbm+ft"]!["log_loss"]!.GetValue<double>().Should().BeInRange(0.5, 2.0);
    }
}
