using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Core;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>
/// The model zoo, regime features and causal ensembles inside <c>kosmo run</c>, on a small synthetic market.
/// One run (<see cref="AdvancedRunFixture"/>) is shared by the end-to-end assertions.
/// </summary>
public sealed class AdvancedPipelineTests(AdvancedPipelineTests.AdvancedRunFixture run) : IClassFixture<AdvancedPipelineTests.AdvancedRunFixture>
{
    internal static readonly string Yaml = SmallMarket.Config("advanced", seed: 5, threads: 2,
        SmallMarket.Section("features", "set: [returns:1:5:20, vol:20, rsi:14, wavelet:haar:2, index:KOSDAQ, vix]", "lookback: 16", "regimes: true", "regime_states: 3"),
        SmallMarket.Labels(),
        SmallMarket.Split(2016),
        SmallMarket.TinyTft(hidden: 8, epochs: 1, maxTrainSamples: 1500, keys: ["ensemble: true"]),
        "baselines: [cnn_lstm, unet, vae, regime_experts, wavelet_groups, lstm, lstm_reptile, lstm_fomaml]");

    private static readonly string[] Zoo = ["cnn_lstm", "unet", "vae", "regime_experts", "wavelet_groups"];
    private static readonly string[] Ensembles = ["ensemble_equal", "ensemble_invloss", "ensemble_entropy", "ensemble_best"];
    private static readonly string[] Members = ["tft_lite", "cnn_lstm", "unet"];
    private static readonly string[] RegimeColumns = ["regime_p0", "regime_p1", "regime_p2"];

    [Fact]
    public void Run_Should_EvaluateAndBacktestEveryZooAndEnsembleModel_When_TheyAreConfigured()
    {
        // Given the run of the fixture (zoo baselines, regimes and ensemble on)
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Dir, "metrics.json")))!.AsObject();

        // Then every zoo and ensemble model has contract metrics, a paired comparison and a backtest
        var models = metrics["models"]!.AsObject();
        var backtests = metrics["backtests"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var name in Zoo.Concat(Ensembles))
        {
            models.ContainsKey(name).Should().BeTrue($"{name} is evaluated");
            models[name]!["n_test"]!.GetValue<int>().Should().BeGreaterThan(0);
            models[name]!["log_loss"]!.GetValue<double>().Should().BeInRange(0.3, 3.0);
            backtests.Should().Contain(b => b.StartsWith(name + "/", StringComparison.Ordinal), $"{name} is backtested");
        }

        var predictionModels = File.ReadLines(Path.Combine(run.Dir, "predictions.csv")).Skip(1).Select(l => l.Split(',')[2]).ToHashSet();
        predictionModels.Should().Contain(Zoo.Concat(Ensembles).Append("tft_lite"));
    }

    [Fact]
    public void Run_Should_GiveEnsemblesOneRowPerMemberCell_When_MembersPredictTheSameCells()
    {
        // Given the members' test rows (main model, cnn_lstm, unet)
        var p = run.Predictions;
        var cells = p["tft_lite"].Select(r => (r.Date, r.Code)).ToHashSet();

        // Then every ensemble covers exactly those cells with probabilities that sum to 1
        foreach (var name in Ensembles)
        {
            p[name].Select(r => (r.Date, r.Code)).Should().BeEquivalentTo(cells);
            p[name].Should().OnlyContain(r => Math.Abs(r.PDown + r.PFlat + r.PUp - 1) < 1e-4);
        }

        // And on the first fold (no earlier out-of-sample rows) every method is the equal pool of the three members
        var firstYear = p["ensemble_equal"].Min(r => r.Date).Year;
        var members = Members.Select(m => p[m].Where(r => r.Date.Year == firstYear).ToDictionary(r => (r.Date, r.Code))).ToList();
        foreach (var name in Ensembles)
        {
            foreach (var r in p[name].Where(r => r.Date.Year == firstYear).Take(50))
            {
                var expected = members.Average(m => m[(r.Date, r.Code)].PUp);
                r.PUp.Should().BeApproximately((float)expected, 1e-5f, $"{name} pools its members equally on the first fold");
            }
        }
    }

    [Fact]
    public void Ensemble_Should_LeaveEarlierFoldsUnchanged_When_TheLastFoldsMemberPredictionsChange()
    {
        // Given the run's member predictions and folds, and the ensembles computed from them
        var prepared = run.Prepared;
        var folds = run.Folds;
        folds.Count.Should().BeGreaterThanOrEqualTo(2);
        var lastFirst = prepared.Samples.Dates[prepared.Samples.Start[folds[^1].Test.Min()]];
        var before = Ensembles.ToDictionary(n => n, n => run.Predictions[n].ToList());

        // When every member's predictions on the last fold are replaced by others and the ensembles are rebuilt
        var rng = new Random(3);
        var scrambled = ModelPredictions.With(run.Predictions, Members.Select(m =>
            KeyValuePair.Create<string, IReadOnlyList<PredictionRecord>>(m, run.Predictions[m].Select(r => r.Date < lastFirst ? r : Scrambled(r, rng)).ToList())));
        var rebuilt = EnsembleStep.Run(prepared, scrambled, folds, "tft_lite", _ => { });

        // Then every ensemble row before the last fold is identical, and the last fold's rows moved
        foreach (var name in Ensembles)
        {
            var after = rebuilt[name];
            after.Where(r => r.Date < lastFirst).Should().Equal(before[name].Where(r => r.Date < lastFirst));
            after.Where(r => r.Date >= lastFirst).Should().NotEqual(before[name].Where(r => r.Date >= lastFirst));
        }

        // And the run's own predictions are untouched (the step hands back new rows, it writes into nothing)
        foreach (var name in Ensembles)
        {
            run.Predictions[name].Should().Equal(before[name]);
        }
    }

    [Fact]
    public void Run_Should_CompareTheReptileVariantWithThePlainLstm_When_BothAreConfigured()
    {
        // Given the run's metrics
        var models = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Dir, "metrics.json")))!["models"]!.AsObject();

        // Then lstm_reptile is evaluated and carries a paired comparison with lstm on their common rows
        var cmp = models["lstm_reptile"]!["comparisons"]!["lstm"]!;
        cmp["n_common"]!.GetValue<int>().Should().Be(models["lstm"]!["n_test"]!.GetValue<int>());
        var diff = cmp["log_loss_diff"]!.GetValue<double>();
        diff.Should().BeApproximately(models["lstm_reptile"]!["log_loss"]!.GetValue<double>() - models["lstm"]!["log_loss"]!.GetValue<double>(), 1e-6);

        // And the main model's comparisons still cover it
        models["tft_lite"]!["comparisons"]!.AsObject().ContainsKey("lstm_reptile").Should().BeTrue();

        // And the first-order MAML variant is compared with the same LSTM on the same rows, with different predictions
        var fomaml = models["lstm_fomaml"]!["comparisons"]!["lstm"]!;
        fomaml["n_common"]!.GetValue<int>().Should().Be(models["lstm"]!["n_test"]!.GetValue<int>());
        models["lstm_fomaml"]!["log_loss"]!.GetValue<double>().Should().NotBe(models["lstm_reptile"]!["log_loss"]!.GetValue<double>());
    }

    [Fact]
    public void SupportWindow_Should_HoldOnlyLabelsKnownBeforeTheMonth_When_AdaptingAtTestTime()
    {
        // Given the run's samples and the first date of a test month
        var ctx = run.Prepared;
        var first = ctx.Samples.Start[run.Folds[^1].Test.Min()] + 60;

        // When the support window before it is chosen
        var support = MetaRunner.SupportWindow(ctx, first);

        // Then every support label ended before the month, within the latest 21 sample dates, at most 512 samples
        support.Should().NotBeEmpty();
        support.Should().OnlyContain(j => ctx.Samples.End[j] < first && ctx.Samples.Start[j] < first);
        support.Select(j => ctx.Samples.Start[j]).Distinct().Should().HaveCountLessThanOrEqualTo(MetaRunner.SupportDays);
        support.Length.Should().BeLessThanOrEqualTo(MetaRunner.MaxSupport);

        // And no eligible sample is more recent than the window's oldest date yet left out (the window is the latest one)
        var oldest = support.Min(j => ctx.Samples.Start[j]);
        var eligibleNewer = Enumerable.Range(0, ctx.Samples.Count).Count(j => ctx.Samples.Start[j] > oldest && ctx.Samples.Start[j] < first && ctx.Samples.End[j] < first);
        support.Count(j => ctx.Samples.Start[j] > oldest).Should().Be(eligibleNewer);
    }

    [Fact]
    public void Tasks_Should_GiveEveryTrainingMonthAPurgedSupport_When_TheHorizonExceedsHalfAMonth()
    {
        // Given the run's last fold (horizon 10 trading days here; the real default is 20, where the old
        // first-half-of-the-month support could hold no ended label at all)
        var ctx = run.Prepared;
        var fold = run.Folds[^1];
        var statics = new Kosmo.Features.Dataset.StaticInputs(ctx.Panel.CodeCount, new int[ctx.Panel.CodeCount * 2], 2, [], 0);
        var options = new Kosmo.Features.Dataset.DatasetOptions(ctx.Config.Features.Lookback, MetaRunner.MaxTaskSupport, 0.5, false, true, fold.Seed);
        string Month(int j) => ctx.Samples.Dates[ctx.Samples.Start[j]].ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var months = fold.Train.Concat(fold.Validation).Select(Month).Distinct().Order(StringComparer.Ordinal).ToList();

        // When the meta-training tasks are built
        var tasks = MetaRunner.Tasks(ctx, fold, statics, options);

        // Then all but the earliest month (no labelled history before it) is a task, in month order
        tasks.Select(t => t.Name).Should().Equal(months.Skip(months.Count - tasks.Count));
        tasks.Count.Should().BeGreaterThanOrEqualTo(months.Count - 2);

        // And each support holds only labels that ended before its query month begins, at most MaxTaskSupport of them
        foreach (var task in tasks)
        {
            var firstQuery = Enumerable.Range(0, task.Query.Count).Min(r => task.Query.Sample(r).T);
            task.Support.Count.Should().BeInRange(1, MetaRunner.MaxTaskSupport);
            Enumerable.Range(0, task.Support.Count).Select(r => task.Support.Sample(r)).Should().OnlyContain(p =>
                p.T < firstQuery && ctx.Labels.T1[ctx.Labels.Index(p.Code, p.T)] < firstQuery);
        }

        // And the reptile variant predicted every test row the plain LSTM did
        var models = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Dir, "metrics.json")))!["models"]!.AsObject();
        models["lstm_reptile"]!["n_test"]!.GetValue<int>().Should().Be(models["lstm"]!["n_test"]!.GetValue<int>());
    }

    [Fact]
    public void Prepare_Should_AddRawRegimeProbabilities_When_RegimesAreOn()
    {
        // Given the run's cube
        var cube = run.Prepared.Cube;
        var cols = RegimeColumns.Select(cube.IndexOf).ToArray();

        // Then the three probability columns exist (and no categorical state column)
        cols.Should().OnlyContain(k => k >= 0);
        cube.IndexOf("regime_state").Should().Be(-1);

        // And they are raw probabilities (not z-scored): in [0, 1] and summing to 1 on every stored date of a stock
        // (the cube keeps only the windows of universe members)
        var T = cube.Dates.Length;
        var stock = Enumerable.Range(0, cube.Codes.Length).First(i => Enumerable.Range(0, T).Any(t => cube.Contains(i, t)));
        var stored = Enumerable.Range(0, T).Where(t => cube.Contains(stock, t)).ToList();
        stored.Should().NotBeEmpty();
        foreach (var t in stored)
        {
            var values = cols.Select(k => cube.Get(stock, t, k)).ToArray();
            values.Should().OnlyContain(v => v >= 0 && v <= 1);
            values.Sum().Should().BeApproximately(1f, 1e-4f);
        }

        // And the regime model's fit window ends before the first test date
        var fitLast = DateOnly.Parse((string)run.Prepared.DataFacts["regime_fit_last"]!, System.Globalization.CultureInfo.InvariantCulture);
        var firstTest = run.Prepared.Samples.Dates[run.Prepared.Samples.Start[run.Prepared.Splits[0].Test.Min()]];
        fitLast.Should().BeBefore(firstTest);
    }

    [Fact]
    public void Prepare_Should_LeaveRegimeColumnsAtOrBeforeT_Unchanged_When_MarketDataAfterTIsScrambled()
    {
        // Given the prepared data of the config, and a cut date t inside the first test year
        var config = ExperimentConfig.Parse(Yaml, "advanced.yaml")[0];
        var a = PrepareWith(config, panel => { });
        var firstTest = a.Samples.Start[a.Splits[0].Test.Min()];
        var cut = firstTest + 40;

        // When every index close and trading value after t is scrambled and everything is prepared again
        var b = PrepareWith(config, panel =>
        {
            var rng = new Random(9);
            foreach (var s in panel.Indices.Values)
            {
                for (var t = cut + 1; t < panel.DateCount; t++)
                {
                    s.Close[t] *= (float)Math.Exp(0.3 * (rng.NextDouble() - 0.5));
                    s.Amount[t] = float.IsFinite(s.Amount[t]) ? s.Amount[t] * (float)(1 + rng.NextDouble()) : s.Amount[t];
                }
            }
        });

        // Then the regime columns at dates <= t are identical, and later dates did move (on the stored rows of the
        // stock with the most stored rows: the cube keeps only the windows of universe members)
        var changedAfter = false;
        var stock = Enumerable.Range(0, a.Panel.CodeCount).MaxBy(i => Enumerable.Range(0, a.Panel.DateCount).Count(t => a.Cube.Contains(i, t)));
        var stored = Enumerable.Range(0, a.Panel.DateCount).Where(t => a.Cube.Contains(stock, t)).ToList();
        stored.Should().Contain(t => t <= cut).And.Contain(t => t > cut);
        foreach (var name in RegimeColumns)
        {
            int ka = a.Cube.IndexOf(name), kb = b.Cube.IndexOf(name);
            foreach (var t in stored)
            {
                if (t <= cut)
                {
                    b.Cube.Get(stock, t, kb).Should().Be(a.Cube.Get(stock, t, ka), $"{name} at date index {t} <= {cut}");
                }
                else
                {
                    changedAfter |= b.Cube.Get(stock, t, kb) != a.Cube.Get(stock, t, ka);
                }
            }
        }

        changedAfter.Should().BeTrue("the scrambled data after t feed the filter");
    }

    [Fact]
    public void Prepare_Should_LeaveOutRegimeColumnsAndKeepTheOthers_When_RegimesAreOff()
    {
        // Given the same config with and without regimes
        var on = ExperimentConfig.Parse(Yaml, "advanced.yaml")[0];
        var off = on with { Features = on.Features with { Regimes = false } };

        // When both are prepared
        var a = PrepareWith(on, _ => { });
        var b = PrepareWith(off, _ => { });

        // Then only the regime columns differ, and every other column holds the same values
        a.Cube.Names.Except(b.Cube.Names).Should().Equal(RegimeColumns);
        b.Cube.Names.Should().NotContain(n => n.StartsWith("regime_", StringComparison.Ordinal));
        b.DataFacts.Should().NotContainKey("regime_fit_last");
        b.Cube.StoredRows.Should().Be(a.Cube.StoredRows).And.BeGreaterThan(0);
        foreach (var name in b.Cube.Names)
        {
            int ka = a.Cube.IndexOf(name), kb = b.Cube.IndexOf(name);
            var differing = 0;
            for (var i = 0; i < a.Cube.Codes.Length; i++)
            {
                for (var t = 0; t < a.Cube.Dates.Length; t++)
                {
                    if (a.Cube.Contains(i, t) && !b.Cube.Get(i, t, kb).Equals(a.Cube.Get(i, t, ka)))
                    {
                        differing++;
                    }
                }
            }

            differing.Should().Be(0, name);
        }
    }

    [Fact]
    public void Create_Should_FailNamingTheKey_When_WaveletGroupsHasNoWaveletFeatures()
    {
        // Given a config with the wavelet model but no wavelet columns in the cube
        var trials = ExperimentConfig.Parse("baselines: [wavelet_groups]\nfeatures:\n  wavelets: false\n", "x.yaml");
        string[] names = ["ret_1d", "vol_20d", "kosdaq_ret_1d", "regime_p0", "regime_p1"];

        // When the models are created, Then a clear error names the key and the fix
        var act = () => ModelCatalog.Create(trials, names);
        act.Should().Throw<DataValidationException>().WithMessage("*baselines*wavelet_groups*features.wavelets: true*");

        // And regime_experts without regime columns fails the same way
        var regimes = ExperimentConfig.Parse("baselines: [regime_experts]\n", "x.yaml");
        ((Action)(() => ModelCatalog.Create(regimes, ["ret_1d"]))).Should().Throw<DataValidationException>().WithMessage("*features.regimes: true*");
    }

    [Fact]
    public void WaveletGroups_Should_GroupDetailAndEnergyByLevel_When_TwoFiltersAreComputed()
    {
        // Given Haar and LA8 columns at levels 1..2 plus other features
        string[] names = ["ret_1d", "wav_haar_d1", "wav_haar_d2", "wav_haar_s2", "wav_haar_e1", "wav_haar_e2", "wav_la8_d1", "wav_la8_d2", "wav_la8_s2", "wav_la8_e1", "wav_la8_e2", "regime_p0"];

        // When grouped
        var groups = ZooModels.WaveletGroups(names);

        // Then level 1, level 2, the smooths and the rest, each with both filters
        groups.Should().HaveCount(4);
        groups[0].Should().Equal(1, 4, 6, 9);
        groups[1].Should().Equal(2, 5, 7, 10);
        groups[2].Should().Equal(3, 8);
        groups[3].Should().Equal(0, 11);
    }

    [Theory]
    [InlineData("features:\n  regime_states: 5\n", "features.regime_states")]
    [InlineData("features:\n  regimes: maybe\n", "features.regimes")]
    [InlineData("model:\n  ensemble: 2\n", "model.ensemble")]
    public void Parse_Should_FailWithTheKeyPath_When_AnAdvancedKeyIsInvalid(string yaml, string key)
    {
        // Given a bad value of a new key, When parsed, Then the error names its path
        var act = () => ExperimentConfig.Parse(yaml, "bad.yaml");
        act.Should().Throw<ConfigException>().WithMessage($"*{key}*");
    }

    [Fact]
    public void Parse_Should_KeepTheZooOptIn_When_NoBaselinesAreGiven()
    {
        // Given no baselines key, When parsed, Then the defaults are the cheap baselines and the zoo is known but off
        var config = ExperimentConfig.Parse("seed: 1\n", "x.yaml")[0];
        config.Baselines.Should().NotContain(Zoo);
        ExperimentConfig.KnownBaselines.Should().Contain(Zoo);
        config.Features.Regimes.Should().BeTrue();
        config.Features.RegimeStates.Should().Be(3);
        config.Model.Ensemble.Should().BeTrue();
    }

    private static Prepared PrepareWith(ExperimentConfig config, Action<Panel> edit)
    {
        var panel = PanelSource.Load(config.Data, _ => { });
        edit(panel);
        return PrepareStep.Run(config, panel, _ => { });
    }

    private static PredictionRecord Scrambled(PredictionRecord r, Random rng)
    {
        var a = 0.05 + rng.NextDouble();
        var b = 0.05 + rng.NextDouble();
        var c = 0.05 + rng.NextDouble();
        var s = a + b + c;
        return r with { PDown = (float)(a / s), PFlat = (float)(b / s), PUp = (float)(c / s) };
    }

    /// <summary>Runs the advanced experiment once for all tests of the class.</summary>
    public sealed class AdvancedRunFixture() : PipelineRunFixture(Yaml, "advanced");
}
