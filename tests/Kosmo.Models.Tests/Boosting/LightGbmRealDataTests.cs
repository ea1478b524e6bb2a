using Kosmo.Models.Abstractions;
using Kosmo.Models.Baselines;
using Kosmo.Models.Boosting;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;
using Kosmo.Models.Tests.Baselines;
using Kosmo.Testing;
using Xunit.Abstractions;

namespace Kosmo.Models.Tests.Boosting;

/// <summary>
/// LightGBM on one real KRX fold (the rows of <see cref="BaselinesRealDataTests"/>: 150 codes, ret_20, ret_60, vol_20,
/// 20-day labels; train to 2024-08-30, test from 2024-11-01), early-stopped on the last fifth of the training dates
/// (purged by the 20-day label horizon), evaluated like every model.
/// </summary>
public sealed class LightGbmRealDataTests(ITestOutputHelper output)
{
    [RealDataFact]
    public void Fit_Should_RankTheTestFoldPositively_When_TrainedOnRealKrxData()
    {
        // Given real training rows split into fit and validation dates (purged), and the test fold
        var (all, test, returns) = BaselinesRealDataTests.Load();
        var dates = all.Dates.Distinct().Order().ToArray();
        var cut = dates[(int)(dates.Length * 0.8)];
        var purge = dates[Math.Max(0, Array.IndexOf(dates, cut) - 20)];
        var train = Subset(all, i => all.Dates[i] < purge);
        var validation = Subset(all, i => all.Dates[i] >= cut);
        var labels = EvaluationSet.IndexLabels(Enumerable.Range(0, test.Rows).Select(i => new LabelRecord(test.Dates[i], test.Codes[i], test.Labels[i], returns[i])));
        var model = new LightGbmClassifier("lightgbm", new LightGbmOptions { Seed = 1, Threads = 2, MinDataInLeaf = 50 });

        // When fitting with early stopping and predicting the test fold
        model.Fit(train, validation);
        var predictions = ClassifierPredictions.ToRecords("lightgbm", test, model.PredictProba(test));
        var e = Evaluator.Evaluate(EvaluationSet.Join("lightgbm", predictions, labels), new EvaluationOptions(Replicates: 200));
        var logit = new LogisticRegressionClassifier("logistic");
        logit.Fit(all);
        var l = Evaluator.Evaluate(EvaluationSet.Join("logistic", ClassifierPredictions.ToRecords("logistic", test, logit.PredictProba(test)), labels), new EvaluationOptions(Replicates: 200));
        output.WriteLine($"lightgbm: rounds {model.BestIteration}/{model.IterationsRun}, n={e.NTest} rankIC={e.RankIc:0.0000} [{e.RankIcCi.Low:0.0000}, {e.RankIcCi.High:0.0000}] "
            + $"macroF1={e.MacroF1:0.0000} logloss={e.LogLoss:0.0000}; logistic rankIC={l.RankIc:0.0000} macroF1={l.MacroF1:0.0000}");

        // Then early stopping chose a round, every row is scored, and the rank IC is positive
        model.BestIteration.Should().BeInRange(1, 500);
        e.NTest.Should().Be(test.Rows);
        e.RankIc.Should().BePositive();
    }

    private static TabularSet Subset(TabularSet s, Func<int, bool> keep)
    {
        var rows = Enumerable.Range(0, s.Rows).Where(keep).ToArray();
        var k = s.FeatureCount;
        return new TabularSet(s.FeatureNames, [.. rows.SelectMany(i => s.Features.Skip(i * k).Take(k))], [.. rows.Select(i => s.Labels[i])],
            [.. rows.Select(i => s.Weights[i])], [.. rows.Select(i => s.Dates[i])], [.. rows.Select(i => s.Codes[i])]);
    }
}
