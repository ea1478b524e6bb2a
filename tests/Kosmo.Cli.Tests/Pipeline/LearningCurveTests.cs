using System.Text.Json.Nodes;
using Kosmo.Cli.Commands;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Experiment.Tests.Pipeline;

namespace Kosmo.Cli.Tests.Pipeline;

/// <summary>
/// The learning-curve machinery on the small synthetic market: model.max_train_samples per sweep trial (each trial
/// trains on its own draw, recorded in plan.json), <c>all</c>, and <c>kosmo compare --curve</c> over run folders.
/// </summary>
[Collection("console")]
public sealed class LearningCurveTests : IDisposable
{
    private static readonly string Yaml = SmallMarket.Config("curve", seed: 3, threads: 2,
        SmallMarket.Features(lookback: 20), SmallMarket.Labels(), SmallMarket.Split(2017),
        SmallMarket.LogisticWithLightGbm(maxTrainSamples: 800, maxRounds: 60, earlyStoppingRounds: 10),
        "baselines: [lightgbm]");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-curve-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Run_Should_TrainEachSweepTrialOnItsOwnCap_When_MaxTrainSamplesIsSwept()
    {
        // Given a sweep over the training-sample cap of the main model
        var trials = ExperimentConfig.Parse(Yaml + "\nsweep:\n  model.max_train_samples: [800, all]\n", "curve.yaml");
        var run = Path.Combine(_root, "sweep");

        // When it runs
        new ExperimentRunner(trials, run, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);

        // Then plan.json records each trial's own draw, and the baseline the first trial's
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "plan.json")))!["cells"]!.AsArray();
        int Train(string model) => cells.Where(c => (string)c!["model"]! == model).Select(c => (int)c!["train_samples"]!).Single();
        Train("logistic_t0").Should().Be(800);
        Train("lightgbm").Should().Be(800);
        Train("logistic_t1").Should().BeGreaterThan(2 * 800, "'all' trains on every training sample of the fold");
        cells.Select(c => (int)c!["test_samples"]!).Distinct().Should().ContainSingle("every model is tested on the same fold");

        // And the two trials' predictions differ (they were trained on different samples)
        var predictions = File.ReadAllLines(Path.Combine(run, "predictions.csv"));
        var header = predictions[0].Split(',');
        var model = Array.IndexOf(header, "model");
        var rows0 = predictions.Skip(1).Where(l => l.Split(',')[model] == "logistic_t0").Select(l => Strip(l, model)).ToList();
        var rows1 = predictions.Skip(1).Where(l => l.Split(',')[model] == "logistic_t1").Select(l => Strip(l, model)).ToList();
        rows0.Should().HaveSameCount(rows1);
        rows0.Should().NotEqual(rows1);
    }

    [Fact]
    public void CompareCurve_Should_TabulateEveryModelAtEveryCap_When_GivenTheRunsOfACurve()
    {
        // Given two runs of the same experiment at 800 and all training samples (through --set, as bench/learning-curve.sh does)
        var small = Path.Combine(_root, "n800");
        var all = Path.Combine(_root, "all");
        var config = Path.Combine(_root, "curve.yaml");
        Directory.CreateDirectory(_root);
        File.WriteAllText(config, Yaml);
        foreach (var (dir, cap) in new[] { (small, "800"), (all, "all") })
        {
            var (code, _, err) = Reliability.CliHarness.Run("run", "--config", config, "--out", dir, "--set", $"model.max_train_samples={cap}");
            code.Should().Be(0, err);
        }

        // When the curve is tabulated as CSV
        var csv = Path.Combine(_root, "curve.csv");
        CompareCommand.Run([small, all], null, "csv", csv, curve: true).Should().Be(0);

        // Then there is one row per (model, cap), sorted with 'all' last, with samples, CIs, seconds and folds
        var rows = File.ReadAllLines(csv);
        rows[0].Should().Be("model,labels,lookback,max train samples,train samples / fold,rank IC [95 % CI],macro F1 [95 % CI],train wall s,train CPU s,folds");
        var body = rows.Skip(1).Select(CsvSplit).ToList();
        body.Select(r => (r[0], r[3])).Should().Equal(("lightgbm", "800"), ("lightgbm", "all"), ("logistic", "800"), ("logistic", "all"));
        body.Should().OnlyContain(r => r[1] == "fixed_horizon" && r[2] == "20" && r[5].Contains('[') && r[6].Contains('[') && r[9] == "1" && double.Parse(r[8], System.Globalization.CultureInfo.InvariantCulture) >= 0);
        body[2][4].Should().Be("800");
        int.Parse(body[3][4], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(1600);

        // And a run folder without metrics.json is named (exit 4)
        CompareCommand.Run([small, Path.Combine(_root, "missing")], null, "csv", csv, curve: true).Should().Be(4);
    }

    private static string Strip(string line, int column) => string.Join(',', line.Split(',').Where((_, i) => i != column));

    private static string[] CsvSplit(string line)
    {
        var cells = new List<string>();
        var quoted = false;
        var cell = new System.Text.StringBuilder();
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(ch);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
