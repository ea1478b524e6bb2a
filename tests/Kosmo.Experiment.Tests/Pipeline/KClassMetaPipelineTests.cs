using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Models.RunFolder;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>
/// One small synthetic run with four trend-scanning classes and meta-labeling on the 12-1 momentum rule: every model
/// family trains a four-way softmax, is evaluated, written and traded; the meta decision is reported and backtested.
/// </summary>
public sealed class KClassMetaPipelineTests(KClassMetaPipelineTests.Fixture run) : IClassFixture<KClassMetaPipelineTests.Fixture>
{
    internal static readonly string Yaml = SmallMarket.Config("kclass", seed: 3, threads: 2,
        SmallMarket.Features(lookback: 10),
        SmallMarket.Labels("method: trend_scanning", "classes: 4", "meta: true", "meta_primary: momentum_12_1"),
        SmallMarket.Split(2016),
        SmallMarket.TinyTft(hidden: 8, epochs: 1, maxTrainSamples: 300, keys: ["ensemble: false"]),
        "baselines: [logistic, momentum_12_1, momentum_20d, lightgbm, mlp, lstm, transformer, cnn_lstm, unet, vae, regime_experts, lstm_reptile]");

    private static readonly string[] Models = ["tft_lite", "logistic", "momentum_12_1", "momentum_20d", "lightgbm", "mlp", "lstm", "transformer", "cnn_lstm", "unet", "vae", "regime_experts", "lstm_reptile"];

    [Fact]
    public void Run_Should_TrainEvaluateWriteAndTradeFourClasses_When_LabelsClassesIsFour()
    {
        // Given the four-class run of the fixture
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Dir, "metrics.json")))!.AsObject();

        // Then predictions.csv holds four probabilities for every model, summing to 1
        File.ReadLines(Path.Combine(run.Dir, "predictions.csv")).First().Should().Be("date,code,model,p_0,p_1,p_2,p_3");
        var rows = PredictionsCsv.Read(Path.Combine(run.Dir, "predictions.csv"));
        rows.Select(r => r.Model).Distinct().Should().BeEquivalentTo(Models);
        rows.Should().OnlyContain(r => r.Classes == 4 && Math.Abs(r.ClassProbabilities!.Sum() - 1f) < 1e-3f);
        run.Prepared.Labels.ClassCount.Should().Be(4);
        LabelsCsv.Read(Path.Combine(run.Dir, "labels.csv"), 4).Select(l => l.Label).Distinct().Order().Should().Equal(0, 1, 2, 3);

        // And every model is evaluated over four classes and backtested
        foreach (var m in Models)
        {
            var e = metrics["models"]![m]!.AsObject();
            e["classes"]!.GetValue<int>().Should().Be(4);
            e["confusion"]!.AsArray().Should().HaveCount(4);
            e["per_class"]!.AsObject().Select(k => k.Key).Should().Equal("down++", "down", "up", "up++");
            e["log_loss"]!.GetValue<double>().Should().BeGreaterThan(0);
            metrics["backtests"]!.AsObject().Select(b => b.Key).Should().Contain(k => k.StartsWith(m + "/", StringComparison.Ordinal) || k == m);
        }

        // And the report shows the four-class confusion matrices
        File.ReadAllText(Path.Combine(run.Dir, "report.html")).Should().Contain("up++");
    }

    [Fact]
    public void Run_Should_ReportTheMetaDecisionAndTradeTheSizedSignal_When_LabelsMetaIsTrue()
    {
        // Given the meta-labeling run of the fixture (primary: momentum_12_1; folds 2016 and 2017)
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Dir, "metrics.json")))!.AsObject();
        var meta = metrics["meta"]!.AsObject();

        // Then fold 0 has no secondary model (nothing out of sample before it) and fold 1 has one
        meta["primary"]!.GetValue<string>().Should().Be("momentum_12_1");
        meta["folds_with_secondary"]!.AsArray().Select(n => n!.GetValue<int>()).Should().Equal(1);
        meta["n_decisions"]!.GetValue<int>().Should().BeGreaterThan(0);
        foreach (var key in new[] { "precision", "recall", "f1", "primary_precision" })
        {
            meta[key]!.GetValue<double>().Should().BeInRange(0, 1, key);
        }

        // And the decisions are written, every one with a bet size of 0 below P(act) = 0.5
        var lines = File.ReadAllLines(Path.Combine(run.Dir, "meta_predictions.csv"));
        lines[0].Should().Be("date,code,fold,side,primary_score,p_act,meta_label,size");
        lines.Length.Should().Be(meta["n_decisions"]!.GetValue<int>() + 1);
        foreach (var f in lines.Skip(1).Select(l => l.Split(',')))
        {
            var p = double.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture);
            var size = double.Parse(f[7], System.Globalization.CultureInfo.InvariantCulture);
            (p <= 0.5 ? size == 0 : size > 0 && size <= 1).Should().BeTrue();
        }

        // And the sized signal is backtested beside the primary's own signal on the same stock-days
        var backtests = meta["backtests"]!.AsObject().Select(b => b.Key).ToList();
        backtests.Should().Contain(k => k.StartsWith("momentum_12_1_meta/", StringComparison.Ordinal));
        backtests.Should().Contain(k => k.StartsWith("momentum_12_1_meta_base/", StringComparison.Ordinal));
        metrics["models"]!.AsObject().ContainsKey("momentum_12_1_meta").Should().BeFalse("the sized signal is not a class distribution");
    }

    [Fact]
    public void MetaLabels_Should_UseOnlyThePrimarysOutOfSampleSide_When_TheFutureOfAFoldIsPerturbed()
    {
        // Given the primary's test predictions and the same with every row on or after fold 1's first test date flipped
        var ctx = run.Prepared;
        var folds = run.Folds;
        var testStart = ctx.Panel.Dates[folds[1].Test.Min(j => ctx.Samples.Start[j])];
        var original = run.Predictions["momentum_12_1"];
        var flipped = original.Select(r => r.Date >= testStart ? r with { PDown = r.PUp, PUp = r.PDown, ClassProbabilities = r.ClassProbabilities?.Reverse().ToArray() } : r).ToList();

        // When the secondary model's training rows of fold 1 are built from each
        var a = Training(ctx, folds, original);
        var b = Training(ctx, folds, flipped);

        // Then they are the same rows with the same meta-labels and sides, all from fold 0's test period, ending before fold 1
        a.Samples.Should().NotBeEmpty().And.Equal(b.Samples);
        a.Labels.Should().Equal(b.Labels);
        a.Sides.Should().Equal(b.Sides);
        a.Samples.Should().OnlyContain(j => folds[0].Test.Contains(j));
        a.T1.Should().OnlyContain(t => ctx.Panel.Dates[t] < testStart);
    }

    private static (int[] Samples, int[] Labels, sbyte[] Sides, int[] T1) Training(Prepared ctx, IReadOnlyList<FoldData> folds, IReadOnlyList<PredictionRecord> primary)
    {
        var (side, _) = MetaLabeling.Sides(ctx, primary);
        var l = ctx.Config.Labels;
        var meta = new Kosmo.Features.Labels.TripleBarrierLabeler(new Kosmo.Features.Labels.TripleBarrierOptions(l.Horizon, l.ProfitTake, l.StopLoss)).ComputeMeta(ctx.Panel, side);
        var samples = MetaLabeling.TrainingSamples(ctx, folds, 1, side, meta);
        var cells = samples.Select(j => (ctx.Samples.Code[j] * ctx.Panel.DateCount) + ctx.Samples.Start[j]).ToArray();
        return (samples, [.. cells.Select(k => meta.Label[k])], [.. cells.Select(k => side[k])], [.. cells.Select(k => meta.T1[k])]);
    }

    /// <summary>Runs the four-class meta-labeling experiment once for the class.</summary>
    public sealed class Fixture() : PipelineRunFixture(Yaml, "kclass");
}
