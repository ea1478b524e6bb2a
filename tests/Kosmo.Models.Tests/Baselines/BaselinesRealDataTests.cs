using System.Globalization;
using System.IO.Compression;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Baselines;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;
using Kosmo.Testing;
using Xunit.Abstractions;

namespace Kosmo.Models.Tests.Baselines;

/// <summary>
/// The baselines end to end on real KRX data (the first 150 codes of the pykrx file, back-adjusted closes):
/// features ret_20, ret_60, vol_20 at t; label from the 20-day forward return (down below −5 %, up above +5 %);
/// train on dates up to 2024-08-30, test from 2024-11-01 (a gap longer than the horizon), evaluate like TFT-Lite.
/// </summary>
public sealed class BaselinesRealDataTests(ITestOutputHelper output)
{
    private static readonly Lazy<(TabularSet Train, TabularSet Test, double[] TestReturns)> _data = new(Load);

    [RealDataFact]
    public void Baselines_Should_FitOnTrainAndScoreEveryTestRow_When_RunOnRealKrxData()
    {
        // Given real training and test rows
        var (train, test, returns) = _data.Value;
        var labels = EvaluationSet.IndexLabels(Enumerable.Range(0, test.Rows)
            .Select(i => new LabelRecord(test.Dates[i], test.Codes[i], test.Labels[i], returns[i])));
        var testInput = new TabularSet(test.FeatureNames, test.Features, [.. test.Labels.Select(_ => -1)], test.Weights, test.Dates, test.Codes);
        IClassifier[] models = [new LogisticRegressionClassifier("logit"), new MomentumRuleClassifier("mom_20d", "ret_20")];

        foreach (var model in models)
        {
            // When fitting on train and predicting the (label-free) test rows
            var predictions = FoldPredictor.Run(model, [(train, testInput)]);
            var e = Evaluator.Evaluate(EvaluationSet.Join(model.Name, predictions, labels), new EvaluationOptions(Replicates: 200));
            output.WriteLine($"{model.Name}: n={e.NTest} dates={e.NDates} acc={e.Accuracy:0.0000} macroF1={e.MacroF1:0.0000} " +
                $"[{e.MacroF1Ci.Low:0.0000}, {e.MacroF1Ci.High:0.0000}] logloss={e.LogLoss:0.0000} rankIC={e.RankIc:0.0000} " +
                $"[{e.RankIcCi.Low:0.0000}, {e.RankIcCi.High:0.0000}] ICIR={e.Icir:0.000}");

            // Then every test row is scored with a distribution, and the metrics are defined
            e.NTest.Should().Be(test.Rows);
            predictions.Should().OnlyContain(p => Math.Abs(p.PDown + p.PFlat + p.PUp - 1f) < 1e-5f);
            e.LogLoss.Should().BeInRange(0.5, 2.0);
            e.RankIc.Should().BeInRange(-0.5, 0.5);
            e.NIcDates.Should().Be(e.NDates);
        }
    }

    [RealDataFact]
    public void LogisticRegression_Should_BeatTheUniformLossInSample_When_FittedOnRealData()
    {
        // Given the real training rows
        var (train, _, _) = _data.Value;
        var model = new LogisticRegressionClassifier("logit", new LogisticRegressionOptions(BalanceClasses: false));

        // When fitting
        model.Fit(train);

        // Then Newton converged and the penalised in-sample loss is below that of uniform probabilities (ln 3)
        model.Converged.Should().BeTrue();
        model.Objective.Should().BeLessThan(Math.Log(3));
    }

    [RealDataFact]
    public void MomentumRule_Should_PredictEachDateFromItsOwnCrossSection_When_OtherDatesAreRemoved()
    {
        // Given a rule fitted on train, and the test rows of one date on their own
        var (train, test, _) = _data.Value;
        var rule = new MomentumRuleClassifier("mom_20d", "ret_20");
        rule.Fit(train);
        var all = rule.PredictProba(test);
        var day = test.Dates[test.Rows / 2];
        var rows = Enumerable.Range(0, test.Rows).Where(i => test.Dates[i] == day).ToArray();
        var k = test.FeatureCount;
        var single = new TabularSet(test.FeatureNames, [.. rows.SelectMany(i => test.Features.Skip(i * k).Take(k))],
            [.. rows.Select(i => test.Labels[i])], [.. rows.Select(i => test.Weights[i])], [.. rows.Select(i => test.Dates[i])], [.. rows.Select(i => test.Codes[i])]);

        // When predicting that date alone
        var alone = rule.PredictProba(single);

        // Then the probabilities are the same as within the full test set
        alone.Should().Equal(rows.SelectMany(i => all.Skip(3 * i).Take(3)));
    }

    internal static (TabularSet Train, TabularSet Test, double[] TestReturns) Load()
    {
        var byCode = new SortedDictionary<string, List<(DateOnly Date, double Close)>>(StringComparer.Ordinal);
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(TestData.Krx("pykrx_ohlcv_2023-12_2025-06.csv.gz")), CompressionMode.Decompress)))
        {
            reader.ReadLine(); // Code,Date,Open,High,Low,Close,Volume,ChangePct
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var f = line.Split(',');
                if (!byCode.TryGetValue(f[0], out var list))
                {
                    if (byCode.Count == 150)
                    {
                        break; // the file is sorted by code: 150 codes are enough
                    }

                    byCode[f[0]] = list = [];
                }

                list.Add((DateOnly.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture), double.Parse(f[5], CultureInfo.InvariantCulture)));
            }
        }

        var trainEnd = new DateOnly(2024, 8, 30);
        var testStart = new DateOnly(2024, 11, 1);
        var train = new Rows();
        var test = new Rows();
        foreach (var (code, series) in byCode)
        {
            for (var t = 60; t + 20 < series.Count; t++)
            {
                var c = series[t].Close;
                if (c <= 0 || series[t - 20].Close <= 0 || series[t - 60].Close <= 0 || series[t + 20].Close <= 0)
                {
                    continue;
                }

                var daily = Enumerable.Range(t - 19, 20).Select(s => (series[s].Close / series[s - 1].Close) - 1).ToArray();
                var mean = daily.Average();
                float[] x = [(float)((c / series[t - 20].Close) - 1), (float)((c / series[t - 60].Close) - 1),
                    (float)Math.Sqrt(daily.Sum(r => (r - mean) * (r - mean)) / 19)];
                var fwd = (series[t + 20].Close / c) - 1;
                var label = fwd < -0.05 ? 0 : fwd > 0.05 ? 2 : 1;
                var target = series[t].Date <= trainEnd ? train : series[t].Date >= testStart ? test : null;
                target?.Add(series[t].Date, code, x, label, fwd);
            }
        }

        return (train.ToSet(), test.ToSet(), [.. test.Returns]);
    }

    private sealed class Rows
    {
        private readonly List<float> _x = [];
        private readonly List<int> _y = [];
        private readonly List<DateOnly> _d = [];
        private readonly List<string> _c = [];

        public List<double> Returns { get; } = [];

        public void Add(DateOnly date, string code, float[] x, int label, double fwd)
        {
            _x.AddRange(x);
            _y.Add(label);
            _d.Add(date);
            _c.Add(code);
            Returns.Add(fwd);
        }

        public TabularSet ToSet() => new(["ret_20", "ret_60", "vol_20"], [.. _x], [.. _y], [.. _y.Select(_ => 1f)], [.. _d], [.. _c]);
    }
}
