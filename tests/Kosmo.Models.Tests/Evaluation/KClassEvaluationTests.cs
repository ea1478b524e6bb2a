using Kosmo.Core;
using Kosmo.Core.IO;
using Kosmo.Models.Baselines;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Tests.Evaluation;

/// <summary>K-class predictions (four trend-scanning classes) through the classifiers, the evaluation and the run-folder files.</summary>
public sealed class KClassEvaluationTests : IDisposable
{
    private static readonly DateOnly Day = new(2024, 3, 4);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-kclass-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void ClassScore_Should_BePUpMinusPDown_When_ThreeClassesAndTheExpectedValue_When_Four()
    {
        // Given / When / Then: three classes score P(up) - P(down); four classes weigh -1, -1/3, 1/3, 1
        ClassScore.Expected([0.2, 0.3, 0.5]).Should().BeApproximately(0.3, 1e-12);
        ClassScore.Expected([0.1, 0.2, 0.3, 0.4]).Should().BeApproximately(-0.1 - (0.2 / 3) + (0.3 / 3) + 0.4, 1e-12);
        var (down, up) = ClassScore.Masses([0.1f, 0.2f, 0.3f, 0.4f]);
        ((double)up - down).Should().BeApproximately(ClassScore.Expected([0.1f, 0.2f, 0.3f, 0.4f]), 1e-6);
        ClassScore.Names(4).Should().Equal("down++", "down", "up", "up++");
    }

    [Fact]
    public void Evaluate_Should_ScoreFourClassesAndRankByTheExpectedClassValue_When_PredictionsHaveFourProbabilities()
    {
        // Given four-class predictions on two dates whose expected class value orders the forward returns
        var rows = new List<PredictionRecord>();
        var labels = new List<LabelRecord>();
        var p = new[] { new[] { 0.7f, 0.1f, 0.1f, 0.1f }, [0.1f, 0.6f, 0.2f, 0.1f], [0.1f, 0.2f, 0.6f, 0.1f], [0.05f, 0.05f, 0.1f, 0.8f] };
        foreach (var day in new[] { Day, Day.AddDays(1) })
        {
            for (var i = 0; i < 4; i++)
            {
                rows.Add(PredictionRecord.FromClasses(day, $"00000{i}", "m", p[i]));
                labels.Add(new LabelRecord(day, $"00000{i}", i == 1 && day != Day ? 2 : i, (i - 1.5) / 10));
            }
        }

        // When evaluated
        var set = EvaluationSet.Join("m", rows, EvaluationSet.IndexLabels(labels));
        var e = Evaluator.Evaluate(set, EvaluationOptions.Default with { Replicates = 50 });

        // Then the confusion matrix is 4 x 4, accuracy 7/8, the ranks are perfect and log loss uses p of the true class
        set.Classes.Should().Be(4);
        e.Confusion.Classes.Should().Be(4);
        e.Accuracy.Should().BeApproximately(7 / 8.0, 1e-12);
        e.RankIc.Should().BeApproximately(1.0, 1e-12);
        var expectedLoss = -(2 * Math.Log(0.7) + 2 * Math.Log(0.6) + Math.Log(0.6) + Math.Log(0.2) + 2 * Math.Log(0.8)) / 8;
        e.LogLoss.Should().BeApproximately(expectedLoss, 1e-6);
        var json = MetricsJson.ToJson(e);
        json["classes"]!.GetValue<int>().Should().Be(4);
        json["per_class"]!.AsObject().Select(k => k.Key).Should().Equal("down++", "down", "up", "up++");
    }

    [Fact]
    public void PredictionsCsv_Should_RoundTripFourProbabilities_When_TheRowsHaveFourClasses()
    {
        // Given four-class rows
        var path = Path.Combine(_dir, "predictions.csv");
        var rows = new[] { PredictionRecord.FromClasses(Day, "000001", "m", [0.1f, 0.2f, 0.3f, 0.4f]) };

        // When written and read back
        PredictionsCsv.Write(path, rows);
        var back = PredictionsCsv.Read(path).Single();

        // Then the header names p_0..p_3 and the probabilities and the score survive
        File.ReadLines(path).First().Should().Be("date,code,model,p_0,p_1,p_2,p_3");
        back.ClassProbabilities.Should().Equal(0.1f, 0.2f, 0.3f, 0.4f);
        (back.PUp - back.PDown).Should().BeApproximately((float)ClassScore.Expected([0.1f, 0.2f, 0.3f, 0.4f]), 1e-6f);
        var labels = Path.Combine(_dir, "labels.csv");
        LabelsCsv.Write(labels, [new LabelRecord(Day, "000001", 3, 0.1)], classes: 4);
        LabelsCsv.Read(labels, classes: 4).Single().Label.Should().Be(3);
        ((Action)(() => LabelsCsv.Read(labels))).Should().Throw<DataValidationException>().WithMessage("*label*");
    }

    [Fact]
    public void Classifiers_Should_PredictFourProbabilitiesThatFollowTheData_When_TrainedOnFourClasses()
    {
        // Given a feature that sets the class (0..3) with noise, on 40 dates x 20 stocks
        var rng = new Random(3);
        const int n = 800;
        var x = new float[n];
        var y = new int[n];
        var dates = new DateOnly[n];
        var codes = new string[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = i % 4;
            x[i] = (float)(y[i] + rng.NextDouble() * 1.5);
            dates[i] = Day.AddDays(i / 20);
            codes[i] = $"{i % 20:D6}";
        }

        var set = new TabularSet(["mom"], x, y, Enumerable.Repeat(1f, n).ToArray(), dates, codes);

        // When the logistic regression and the momentum rule are fitted with four classes
        var logit = new LogisticRegressionClassifier("logit", classes: 4);
        logit.Fit(set);
        var rule = new MomentumRuleClassifier("rule", "mom", buckets: 4, classes: 4);
        rule.Fit(set);

        // Then each predicts n x 4 distributions whose argmax mostly recovers the class
        foreach (var model in new IClassifier[] { logit, rule })
        {
            var p = model.PredictProba(set);
            p.Should().HaveCount(4 * n);
            var right = 0;
            for (var i = 0; i < n; i++)
            {
                p.AsSpan(4 * i, 4).ToArray().Sum().Should().BeApproximately(1f, 1e-4f);
                var arg = Array.IndexOf(p.AsSpan(4 * i, 4).ToArray(), p.AsSpan(4 * i, 4).ToArray().Max());
                right += arg == y[i] ? 1 : 0;
            }

            right.Should().BeGreaterThan(n / 2, $"{model.Name} learns the four classes");
            ClassifierPredictions.ToRecords(model.Name, set, p, 4)[0].ClassProbabilities.Should().HaveCount(4);
        }

        // And a three-class model rejects a label 3
        ((Action)(() => new LogisticRegressionClassifier("three").Fit(set))).Should().Throw<ArgumentException>().WithMessage("*label 3*");
    }
}
