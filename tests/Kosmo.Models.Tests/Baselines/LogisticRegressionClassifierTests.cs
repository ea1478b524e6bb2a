using System.Text.Json;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Baselines;
using Kosmo.Models.Evaluation;
using Kosmo.Testing;

namespace Kosmo.Models.Tests.Baselines;

public sealed class LogisticRegressionClassifierTests
{
    [Fact]
    public void Fit_Should_MatchScipyReference_When_WeightedBalancedAndPenalised()
    {
        // Given the fixture (2,000 training rows, sample weights, class imbalance, 3% missing values in f2) and the
        // scipy L-BFGS fit of the same objective (tools/eval_logit_reference.py)
        var train = TabularFixture.Read(TestData.Fixture("evaluation", "logit_train.csv"));
        var test = TabularFixture.Read(TestData.Fixture("evaluation", "logit_test.csv"));
        var expected = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("evaluation", "logit_expected.json"))).RootElement;
        var model = new LogisticRegressionClassifier("logit", new LogisticRegressionOptions(L2: expected.GetProperty("l2").GetDouble()));

        // When fitting by Newton's method and predicting the test rows
        model.Fit(train);
        var probs = model.PredictProba(test);

        // Then the standardisation, coefficients, objective and probabilities agree
        model.Converged.Should().BeTrue();
        model.Iterations.Should().BeLessThan(15);
        for (var f = 0; f < 4; f++)
        {
            model.Standardizer!.Means[f].Should().BeApproximately(expected.GetProperty("means")[f].GetDouble(), 1e-9);
            model.Standardizer.Stds[f].Should().BeApproximately(expected.GetProperty("stds")[f].GetDouble(), 1e-9);
        }

        var theta = model.Coefficients!;
        for (var k = 0; k < 3; k++)
        {
            for (var j = 0; j < 5; j++)
            {
                theta[(k * 5) + j].Should().BeApproximately(expected.GetProperty("coefficients")[k][j].GetDouble(), 1e-6);
            }
        }

        model.Objective.Should().BeApproximately(expected.GetProperty("objective").GetDouble(), 1e-10);
        var reference = expected.GetProperty("test_probabilities");
        for (var i = 0; i < test.Rows; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                probs[(i * 3) + k].Should().BeApproximately((float)reference[i][k].GetDouble(), 2e-6f);
            }
        }
    }

    [Fact]
    public void Fit_Should_RecoverTheGeneratingCoefficients_When_DataComeFromAKnownSoftmaxModel()
    {
        // Given 40,000 rows from softmax(β x) with known raw-scale β (rows sum to zero over classes) and features
        // with non-zero means and unequal scales
        double[,] beta = { { 0.2, -1.0, 0.5, 0.0 }, { 0.3, 0.0, -0.25, 0.8 }, { -0.5, 1.0, -0.25, -0.8 } };
        var rng = new SplitMix64(17);
        const int n = 40_000;
        var x = new float[n * 3];
        var y = new int[n];
        for (var i = 0; i < n; i++)
        {
            double[] xi = [1.0, 0.5 + Normal(rng), 2.0 * Normal(rng), -1.0 + (0.5 * Normal(rng))];
            var z = Enumerable.Range(0, 3).Select(k => Enumerable.Range(0, 4).Sum(j => beta[k, j] * xi[j])).ToArray();
            var e = z.Select(Math.Exp).ToArray();
            var u = rng.NextDouble() * e.Sum();
            y[i] = u < e[0] ? 0 : u < e[0] + e[1] ? 1 : 2;
            for (var j = 0; j < 3; j++)
            {
                x[(i * 3) + j] = (float)xi[j + 1];
            }
        }

        var set = new TabularSet(["a", "b", "c"], x, y, Enumerable.Repeat(1f, n).ToArray(),
            Enumerable.Repeat(new DateOnly(2024, 1, 2), n).ToArray(), [.. Enumerable.Range(0, n).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))]);

        // When fitting without class balancing and with a negligible penalty
        var model = new LogisticRegressionClassifier("logit", new LogisticRegressionOptions(L2: 1e-8, BalanceClasses: false));
        model.Fit(set);
        var raw = model.RawCoefficients();
        model.Converged.Should().BeTrue();
        model.Iterations.Should().BeLessThan(15);

        // Then the raw-scale coefficients are within sampling error of β (same zero-sum gauge)
        for (var k = 0; k < 3; k++)
        {
            for (var j = 0; j < 4; j++)
            {
                raw[(k * 4) + j].Should().BeApproximately(beta[k, j], 0.08, "coefficient ({0}, {1})", k, j);
            }
        }
    }

    [Fact]
    public void PredictProba_Should_DependOnlyOnTheRowAndTheTrainingFit_When_TestRowsChange()
    {
        // Given a fitted model
        var train = TabularFixture.Read(TestData.Fixture("evaluation", "logit_train.csv"));
        var test = TabularFixture.Read(TestData.Fixture("evaluation", "logit_test.csv"));
        var model = new LogisticRegressionClassifier();
        model.Fit(train);
        var full = model.PredictProba(test);

        // When predicting only the first 10 test rows (test statistics would differ if they were used)
        var head = new TabularSet(test.FeatureNames, test.Features[..(10 * 4)], test.Labels[..10], test.Weights[..10], test.Dates[..10], test.Codes[..10]);
        var part = model.PredictProba(head);

        // Then each row's probabilities are unchanged and sum to one
        part.Should().Equal(full[..30]);
        for (var i = 0; i < 10; i++)
        {
            (part[3 * i] + part[(3 * i) + 1] + part[(3 * i) + 2]).Should().BeApproximately(1f, 1e-6f);
        }
    }

    [Fact]
    public void Load_Should_PredictBitwiseTheSameProbabilities_When_GivenTheSavedModel()
    {
        // Given a model fitted on the scipy reference data
        var train = TabularFixture.Read(TestData.Fixture("evaluation", "logit_train.csv"));
        var test = TabularFixture.Read(TestData.Fixture("evaluation", "logit_test.csv"));
        var model = new LogisticRegressionClassifier("logistic");
        model.Fit(train);

        // When it is saved and loaded
        var loaded = LogisticRegressionClassifier.Load(model.Save());

        // Then the loaded model predicts exactly the same probabilities and keeps its fit facts
        loaded.PredictProba(test).Should().Equal(model.PredictProba(test));
        loaded.Coefficients.Should().Equal(model.Coefficients);
        loaded.Name.Should().Be("logistic");
        loaded.Iterations.Should().Be(model.Iterations);
    }

    [Fact]
    public void Load_Should_ThrowFormatException_When_TheJsonIsNotALogisticModel()
    {
        // Given a momentum rule's file and a truncated coefficient list
        var bad = """{"kind":"logistic","name":"x","features":["a"],"means":[0],"stds":[1],"coefficients":[1,2,3]}""";

        // Then loading fails with a message naming the problem
        FluentActions.Invoking(() => LogisticRegressionClassifier.Load("""{"kind":"momentum_rule"}""")).Should().Throw<FormatException>().WithMessage("*kind*");
        FluentActions.Invoking(() => LogisticRegressionClassifier.Load(bad)).Should().Throw<FormatException>().WithMessage("*3 coefficients for 1 features*");
    }

    [Fact]
    public void PredictProba_Should_Throw_When_NotFittedOrFeaturesDiffer()
    {
        var train = TabularFixture.Read(TestData.Fixture("evaluation", "logit_train.csv"));
        var model = new LogisticRegressionClassifier();
        FluentActions.Invoking(() => model.PredictProba(train)).Should().Throw<InvalidOperationException>();
        model.Fit(train);
        var renamed = new TabularSet(["f0", "f1", "f2", "other"], train.Features, train.Labels, train.Weights, train.Dates, train.Codes);
        FluentActions.Invoking(() => model.PredictProba(renamed)).Should().Throw<ArgumentException>().WithMessage("*other*");
    }

    private static double Normal(SplitMix64 rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
}
