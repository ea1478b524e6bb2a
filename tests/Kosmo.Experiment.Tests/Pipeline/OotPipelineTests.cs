using System.Globalization;
using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Experiment.Oot;
using Kosmo.Core;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>
/// The out-of-time step of <c>kosmo run</c> on a small synthetic market: walk-forward test year 2016, OOT test
/// 2017-07..2017-12 from a second panel cut to 2017, fine-tuning on 2017-01..2017-05. One run is shared
/// (<see cref="OotRunFixture"/>).
/// </summary>
public sealed class OotPipelineTests(OotPipelineTests.OotRunFixture run) : IClassFixture<OotPipelineTests.OotRunFixture>
{
    internal static readonly string Yaml = SmallMarket.Config("oot", seed: 5, threads: 2,
        SmallMarket.Section("features", "set: [returns:1:5:20, vol:20, rsi:14, index:KOSDAQ, vix]", "lookback: 16", "regimes: true"),
        SmallMarket.Labels(),
        SmallMarket.Split(2016, "last_test_year: 2016"),
        SmallMarket.TinyTft(hidden: 8, epochs: 1, maxTrainSamples: 1500, keys: ["ensemble: false"]),
        "baselines: [logistic, momentum_20d, mlp]",
        SmallMarket.Section("oot", "data_from: 2017-01-02", "finetune_from: 2017-01-02", "finetune_to: 2017-05-31", "test_from: 2017-07-01", "test_to: 2017-12-29",
            "finetune_epochs: 2", "finetune_learning_rate: 0.001"));

    private static readonly string[] Models = ["tft_lite", "logistic", "momentum_20d", "mlp"];
    private static readonly string[] ContractKeys = ["accuracy", "balanced_accuracy", "macro_f1", "macro_f1_ci", "log_loss", "brier", "ic", "rank_ic", "rank_ic_ci", "icir", "n_test"];

    [Fact]
    public void Run_Should_EvaluateEveryModelZeroShotAndFinetuned_When_OotIsConfigured()
    {
        // Given the run's metrics.json
        var oot = Metrics()["oot"]!.AsObject();

        // Then every model appears zero-shot and fine-tuned with the contract metrics and bootstrap intervals
        var models = oot["models"]!.AsObject();
        models.Select(p => p.Key).Should().BeEquivalentTo(Models.Concat(Models.Select(m => m + "+ft")));
        foreach (var (name, node) in models)
        {
            node!.AsObject().Select(p => p.Key).Should().StartWith(ContractKeys, $"{name} has the DESIGN.md keys first");
            node["n_test"]!.GetValue<int>().Should().BeGreaterThan(1000);
            node["log_loss"]!.GetValue<double>().Should().BeInRange(0.5, 2.0);
            var ci = node["rank_ic_ci"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            ci[0].Should().BeLessThanOrEqualTo(node["rank_ic"]!.GetValue<double>()).And.BeLessThan(ci[1]);
        }

        // And the main model is compared with every other model, each fine-tuned variant with its zero-shot model
        oot["reference"]!.GetValue<string>().Should().Be("tft_lite");
        models["tft_lite"]!["comparisons"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(models.Select(p => p.Key).Where(k => k != "tft_lite"));
        foreach (var m in Models)
        {
            var c = models[m + "+ft"]!["comparisons"]![m]!;
            c["log_loss_diff"]!.GetValue<double>().Should().BeApproximately(models[m + "+ft"]!["log_loss"]!.GetValue<double>() - models[m]!["log_loss"]!.GetValue<double>(), 1e-6);
        }

        // And the walk-forward models section is untouched by the OOT names
        Metrics()["models"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(Models);
    }

    [Fact]
    public void Run_Should_WriteOotPredictionsAndLabelsOfTheTestPeriodOnly_When_OotIsConfigured()
    {
        // Given RUN/oot/predictions.csv and RUN/oot/labels.csv
        var predictions = PredictionsCsv.Read(Path.Combine(run.Dir, "oot", "predictions.csv"));
        var labels = LabelsCsv.Read(Path.Combine(run.Dir, "oot", "labels.csv"));

        // Then every row lies in the OOT test period, every model has rows
        predictions.Should().OnlyContain(r => r.Date >= new DateOnly(2017, 7, 1) && r.Date <= new DateOnly(2017, 12, 29));
        labels.Should().OnlyContain(r => r.Date >= new DateOnly(2017, 7, 1) && r.Date <= new DateOnly(2017, 12, 29));
        predictions.Select(r => r.Model).Distinct().Should().HaveCount(8);

        // And the accuracy in metrics.json equals argmax-vs-label counted here from the two files
        var truth = labels.ToDictionary(l => (l.Date, l.Code), l => l.Label);
        var models = Metrics()["oot"]!["models"]!.AsObject();
        foreach (var m in new[] { "tft_lite", "logistic+ft" })
        {
            var rows = predictions.Where(r => r.Model == m && truth.ContainsKey((r.Date, r.Code))).ToList();
            var right = rows.Count(r => Argmax(r) == truth[(r.Date, r.Code)]);
            models[m]!["accuracy"]!.GetValue<double>().Should().BeApproximately(right / (double)rows.Count, 1e-9);
            models[m]!["n_test"]!.GetValue<int>().Should().Be(rows.Count);
        }

        // And each window model's +ft predictions are the zero-shot ones exactly when validation chose epoch 0, else they differ
        var selected = Metrics()["oot"]!["data"]!["finetune_selected_epoch"]!.AsObject();
        selected.Select(p => p.Key).Should().BeEquivalentTo("tft_lite+ft", "mlp+ft");
        foreach (var m in new[] { "tft_lite", "mlp" })
        {
            var zero = predictions.Where(r => r.Model == m).ToDictionary(r => (r.Date, r.Code), r => r.PUp);
            var moved = predictions.Where(r => r.Model == m + "+ft").Count(r => Math.Abs(r.PUp - zero[(r.Date, r.Code)]) > 1e-6);
            var epoch = selected[m + "+ft"]!.GetValue<int>();
            epoch.Should().BeInRange(0, 2);
            (moved > 0).Should().Be(epoch > 0, $"{m}+ft selected epoch {epoch}");
            var losses = Metrics()["oot"]!["data"]!["finetune_validation_loss"]![m + "+ft"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            (losses[1] < losses[0]).Should().Be(epoch > 0, "fine-tuned weights are kept only when their held-out loss beats the zero-shot weights'");
        }
    }

    [Fact]
    public void Run_Should_PurgeFinetuneTrainingLabelsThatReachTheHeldOutBlock_When_FinetuneValidationIsOn()
    {
        // Given the run's OOT facts (finetune_validation defaults to the latest 25 % of the window's dates)
        var facts = Metrics()["oot"]!["data"]!;
        var embargo = run.Prepared.Config.Split.EmbargoDays;

        // Then the window is split into training and held-out samples, and no training label reaches the held-out block
        facts["finetune_train"]!.GetValue<int>().Should().BeGreaterThan(0);
        facts["finetune_validation"]!.GetValue<int>().Should().BeGreaterThan(0);
        (facts["finetune_train"]!.GetValue<int>() + facts["finetune_validation"]!.GetValue<int>()).Should().BeLessThanOrEqualTo(facts["finetune_used"]!.GetValue<int>());
        Date(facts["finetune_train_last_label_end"]!).Should().BeBefore(Date(facts["finetune_validation_first_date"]!).AddDays(-embargo));
        Date(facts["finetune_validation_last_date"]!).Should().BeOnOrBefore(Date(facts["finetune_last_date"]!));
    }

    [Fact]
    public void Prepare_Should_KeepOnlyFinetuneSamplesWhoseLabelsEndBeforeTheTestStartMinusTheEmbargo_When_TheWindowTouchesTheTest()
    {
        // Given the main run and an OOT config whose fine-tune window ends the day before the test starts
        var main = run.Prepared;
        var config = main.Config.Oot! with { FinetuneTo = new DateOnly(2017, 6, 30) };
        var panel = OotPanel.Load(main.Config.Data, config, _ => { });

        // When the OOT data are prepared
        var data = OotData.Prepare(main, config, panel, _ => { });

        // Then every fine-tune sample's label ends at least embargo days before the first test date
        var s = data.Prepared.Samples;
        var embargo = main.Config.Split.EmbargoDays;
        data.Finetune.Should().NotBeEmpty();
        data.Finetune.Should().OnlyContain(j => s.End[j] < data.FirstTestIndex - embargo && s.Dates[s.Start[j]] >= config.FinetuneFrom!.Value);
        panel.Dates[data.FirstTestIndex].Should().Be(new DateOnly(2017, 7, 3));

        // And the rule binds: June samples whose labels reach into the embargo or the test are left out
        var june = Enumerable.Range(0, s.Count).Where(j => s.Dates[s.Start[j]] is { Year: 2017, Month: 6 }).ToList();
        june.Should().Contain(j => s.End[j] >= data.FirstTestIndex - embargo);
        data.Finetune.Should().NotContain(june.Where(j => s.End[j] >= data.FirstTestIndex - embargo));

        // And the run's facts record a last label end before the first test date
        var facts = Metrics()["oot"]!["data"]!;
        Date(facts["finetune_last_label_end"]!).Should().BeBefore(Date(facts["first_test_index_date"]!).AddDays(-embargo));
    }

    [Fact]
    public void Prepare_Should_ScaleMarketColumnsWithTheMainRunsStatistics_When_BuildingTheOotCube()
    {
        // Given the main run's cube (which covers 2017 too) and the OOT cube of the 2017 panel
        var main = run.Prepared;
        var panel = OotPanel.Load(main.Config.Data, main.Config.Oot!, _ => { });
        var oot = OotData.Prepare(main, main.Config.Oot!, panel, _ => { }).Prepared;

        // Then a market column (same raw index value on a date in both panels) has the same scaled value: the
        // main run's z-scoring was applied, not a refit on 2017 (which would give mean 0 over the OOT window)
        var k = Array.IndexOf(oot.Cube.Names, "kosdaq_ret_1d");
        var checkedDates = 0;
        foreach (var date in panel.Dates.Where(d => d.Month >= 7))
        {
            var t = panel.IndexOfDate(date);
            var tm = main.Panel.IndexOfDate(date);
            var code = panel.Codes[0];
            var value = oot.Cube.Get(0, t, k);
            value.Should().BeApproximately(main.Cube.Get(main.Panel.IndexOfCode(code), tm, k), 1e-5f, $"on {date}");
            checkedDates++;
        }

        checkedDates.Should().BeGreaterThan(100);

        // And the regime model is the main run's (its columns exist and are probabilities)
        var regime = Array.IndexOf(oot.Cube.Names, "regime_p0");
        regime.Should().BeGreaterThan(0);
        main.RegimeModel.Should().NotBeNull();
    }

    [Fact]
    public void Run_Should_ReuseOotCellsAndWriteTheSameMetrics_When_Resumed()
    {
        // Given the finished run and its OOT cells
        var before = File.ReadAllBytes(Path.Combine(run.Dir, "metrics.json"));
        var cell = Path.Combine(run.Dir, "oot", "cells", "tft_lite+ft", "predictions.csv");
        var written = File.GetLastWriteTimeUtc(cell);

        // When the step runs again on the same run folder with the same settings (as --resume does)
        var main = run.Prepared;
        OotStep.Run(new RunScope(main.Config, run.Dir, 0), main, main.Config.Oot!, ModelCatalog.Create([main.Config], main.Cube.Names), run.Folds, _ => { }, CancellationToken.None);

        // Then the cells were reused and metrics.json is byte-identical
        File.GetLastWriteTimeUtc(cell).Should().Be(written);
        File.ReadAllBytes(Path.Combine(run.Dir, "metrics.json")).Should().Equal(before);
    }

    [Fact]
    public void Report_Should_ShowTheOotTableWithEveryVariant_When_TheRunHasAnOotSection()
    {
        // Given the run's self-contained report
        var html = File.ReadAllText(Path.Combine(run.Dir, "report.html"));

        // Then it has the out-of-time section, linked from the navigation, with a row per model and variant
        html.Should().Contain("<section id=\"oot\">").And.Contain("href=\"#oot\"");
        var section = html[html.IndexOf("<section id=\"oot\">", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("</section>", StringComparison.Ordinal) + 10)];
        foreach (var m in Models)
        {
            section.Should().Contain($"<td>{m}</td>").And.Contain($"<td>{m}+ft</td>");
        }

        section.Should().NotContain("http://").And.NotContain("https://");
    }

    [Fact]
    public void Run_Should_RefuseTheOotTest_When_ItStartsBeforeTheLastFoldsTrainingLabelsEnd()
    {
        // Given an OOT test that starts inside the last fold's training period
        var main = run.Prepared;
        var config = main.Config.Oot! with { DataFrom = new DateOnly(2015, 1, 2), FinetuneFrom = null, FinetuneTo = null, TestFrom = new DateOnly(2015, 6, 1) };

        // When the step runs
        var act = () => OotStep.Run(new RunScope(main.Config, run.Dir, 0), main, config, ModelCatalog.Create([main.Config], main.Cube.Names), run.Folds, _ => { }, CancellationToken.None);

        // Then it fails naming the key
        act.Should().Throw<DataValidationException>().Which.Message.Should().Contain("oot.test_from").And.Contain("not be out of time");
    }

    private JsonObject Metrics() => JsonNode.Parse(File.ReadAllText(Path.Combine(run.Dir, "metrics.json")))!.AsObject();

    private static DateOnly Date(JsonNode node) => DateOnly.ParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int Argmax(PredictionRecord r) => r.PDown >= r.PFlat && r.PDown >= r.PUp ? 0 : r.PFlat >= r.PUp ? 1 : 2;

    public sealed class OotRunFixture() : PipelineRunFixture(Yaml, "oot");
}
