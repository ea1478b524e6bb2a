using System.Text.Json;
using Kosmo.Core.IO;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;
using Kosmo.Testing;

namespace Kosmo.Models.Tests.Evaluation;

/// <summary>
/// Every metric against tests/fixtures/evaluation/expected.json, computed independently in numpy by
/// tools/eval_reference.py on 3 models × ~3,300 rows over 104 dates (imbalanced classes, tied scores and returns,
/// a few predictions without labels, models missing different rows).
/// </summary>
public sealed class EvaluatorReferenceTests
{
    private const double Tol = 1e-9;
    private static readonly Lazy<Fixture> _fixture = new(Load);

    private sealed record Fixture(JsonElement Expected, Dictionary<string, EvaluationSet> Sets, EvaluationOptions Options);

    private static readonly string[] _modelNames = ["logit", "momentum", "tft"];

    public static TheoryData<string> Models => new(_modelNames);

    [Theory]
    [MemberData(nameof(Models))]
    public void Evaluate_Should_MatchNumpyReference_When_GivenTheFixture(string model)
    {
        // Given the fixture and the numpy reference values
        var f = _fixture.Value;
        var x = f.Expected.GetProperty("models").GetProperty(model);

        // When evaluating the model
        var e = Evaluator.Evaluate(f.Sets[model], f.Options);

        // Then every metric matches
        e.NTest.Should().Be(x.GetProperty("n_test").GetInt32());
        e.NUnlabelled.Should().Be(x.GetProperty("n_unlabelled").GetInt32());
        e.NDates.Should().Be(x.GetProperty("n_dates").GetInt32());
        e.NIcDates.Should().Be(x.GetProperty("n_ic_dates").GetInt32());
        e.Accuracy.Should().BeApproximately(x.GetProperty("accuracy").GetDouble(), Tol);
        e.BalancedAccuracy.Should().BeApproximately(x.GetProperty("balanced_accuracy").GetDouble(), Tol);
        e.MacroF1.Should().BeApproximately(x.GetProperty("macro_f1").GetDouble(), Tol);
        e.LogLoss.Should().BeApproximately(x.GetProperty("log_loss").GetDouble(), Tol);
        e.Brier.Should().BeApproximately(x.GetProperty("brier").GetDouble(), Tol);
        e.Ic.Should().BeApproximately(x.GetProperty("ic").GetDouble(), Tol);
        e.RankIc.Should().BeApproximately(x.GetProperty("rank_ic").GetDouble(), Tol);
        e.Icir.Should().BeApproximately(x.GetProperty("icir").GetDouble(), Tol);
        for (var k = 0; k < 3; k++)
        {
            e.Confusion.Precision(k).Should().BeApproximately(x.GetProperty("precision")[k].GetDouble(), Tol);
            e.Confusion.Recall(k).Should().BeApproximately(x.GetProperty("recall")[k].GetDouble(), Tol);
            e.Confusion.F1(k).Should().BeApproximately(x.GetProperty("f1")[k].GetDouble(), Tol);
            for (var p = 0; p < 3; p++)
            {
                e.Confusion[k, p].Should().Be(x.GetProperty("confusion")[k][p].GetInt64());
            }
        }

        Daily(e.DailyIc, x.GetProperty("daily_ic"));
        Daily(e.DailyRankIc, x.GetProperty("daily_rank_ic"));
        Bins(e.CalibrationUp, x.GetProperty("calibration_up"));
        Bins(e.CalibrationPredicted, x.GetProperty("calibration_predicted"));
        CalibrationBin.ExpectedCalibrationError(e.CalibrationUp).Should().BeApproximately(x.GetProperty("ece_up").GetDouble(), Tol);
        CalibrationBin.ExpectedCalibrationError(e.CalibrationPredicted).Should().BeApproximately(x.GetProperty("ece_predicted").GetDouble(), Tol);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Evaluate_Should_MatchNumpyBootstrapIntervals_When_SameGeneratorAndSeed(string model)
    {
        // Given the fixture, whose reference replays the same SplitMix64 date-block resamples
        var f = _fixture.Value;
        var x = f.Expected.GetProperty("models").GetProperty(model);

        // When evaluating
        var e = Evaluator.Evaluate(f.Sets[model], f.Options);

        // Then the percentile intervals agree
        Ci(e.MacroF1Ci, x.GetProperty("macro_f1_ci"));
        Ci(e.AccuracyCi, x.GetProperty("accuracy_ci"));
        Ci(e.LogLossCi, x.GetProperty("log_loss_ci"));
        Ci(e.RankIcCi, x.GetProperty("rank_ic_ci"));
        e.MacroF1Ci.Low.Should().BeLessThan(e.MacroF1).And.Subject.Should().BeLessThan(e.MacroF1Ci.High);
    }

    [Theory]
    [InlineData("logit")]
    [InlineData("momentum")]
    public void Compare_Should_MatchNumpyPairedBootstrap_When_ModelsMissDifferentRows(string baseline)
    {
        // Given tft and a baseline that each miss some rows
        var f = _fixture.Value;
        var x = f.Expected.GetProperty("comparisons").GetProperty(baseline);

        // When comparing on the common rows
        var c = Evaluator.Compare(f.Sets["tft"], f.Sets[baseline], f.Options);

        // Then the differences, intervals and p-values match
        c.NCommon.Should().Be(x.GetProperty("n_common").GetInt32());
        c.NDates.Should().Be(x.GetProperty("n_dates").GetInt32());
        foreach (var metric in Evaluator.ComparedMetrics)
        {
            var d = c.Differences[metric];
            d.Difference.Should().BeApproximately(x.GetProperty(metric + "_diff").GetDouble(), Tol);
            Ci((d.Low, d.High), x.GetProperty(metric + "_diff_ci"));
            d.PValue.Should().BeApproximately(x.GetProperty(metric + "_p").GetDouble(), 1e-12);
        }
    }

    private static void Ci((double Low, double High) actual, JsonElement expected)
    {
        actual.Low.Should().BeApproximately(expected[0].GetDouble(), Tol);
        actual.High.Should().BeApproximately(expected[1].GetDouble(), Tol);
    }

    private static void Daily(double[] actual, JsonElement expected)
    {
        actual.Should().HaveCount(expected.GetArrayLength());
        for (var i = 0; i < actual.Length; i++)
        {
            if (expected[i].ValueKind == JsonValueKind.Null)
            {
                actual[i].Should().Be(double.NaN);
            }
            else
            {
                actual[i].Should().BeApproximately(expected[i].GetDouble(), Tol);
            }
        }
    }

    private static void Bins(CalibrationBin[] actual, JsonElement expected)
    {
        actual.Should().HaveCount(expected.GetArrayLength());
        for (var b = 0; b < actual.Length; b++)
        {
            var x = expected[b];
            actual[b].Count.Should().Be(x.GetProperty("count").GetInt32());
            if (actual[b].Count > 0)
            {
                actual[b].MeanPredicted.Should().BeApproximately(x.GetProperty("mean_predicted").GetDouble(), Tol);
                actual[b].Observed.Should().BeApproximately(x.GetProperty("observed").GetDouble(), Tol);
            }
        }
    }

    private static Fixture Load()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("evaluation", "expected.json"))).RootElement;
        var predictions = PredictionsCsv.Read(TestData.Fixture("evaluation", "predictions.csv"));
        var labels = EvaluationSet.IndexLabels(LabelsCsv.Read(TestData.Fixture("evaluation", "labels.csv")));
        var sets = _modelNames.ToDictionary(m => m, m => EvaluationSet.Join(m, predictions, labels));
        var options = new EvaluationOptions(
            BlockLength: expected.GetProperty("block_length").GetInt32(),
            Replicates: expected.GetProperty("replicates").GetInt32(),
            Seed: expected.GetProperty("seed").GetUInt64(),
            CalibrationBins: expected.GetProperty("bins").GetInt32());
        return new Fixture(expected, sets, options);
    }
}
