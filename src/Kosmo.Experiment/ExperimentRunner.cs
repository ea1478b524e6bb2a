using System.Diagnostics;
using System.Text.Json.Nodes;
using Kosmo.Backtest;
using Kosmo.Experiment.Config;
using Kosmo.Experiment.Cells;
using Kosmo.Core;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;
using Kosmo.Reports;
using Kosmo.Core.IO;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// The whole experiment: data → universe/features/labels/splits → per-fold training and prediction for the main model
/// (one per sweep trial) and every baseline → predictions.csv, labels.csv → evaluation → backtest → report.
/// Each stage returns a typed record that the next reads (the prepare stage's <see cref="Prepared"/>, the train
/// stage's predictions by model, see <see cref="ModelPredictions"/>); the <see cref="RunScope"/> holds only the run's
/// identity and its timing and memory readings.
/// With <c>model.ensemble</c> the causal ensembles (<see cref="EnsembleStep"/>) are added to the predictions at the
/// start of the evaluate step, so they are evaluated, compared with the main model and backtested like any model.
/// Every output goes into the run folder whose layout DESIGN.md fixes.
/// </summary>
internal sealed class ExperimentRunner(IReadOnlyList<ExperimentConfig> trials, string outDir, RunOptions options, IRunProgress progress)
{
    /// <summary>Ctrl-C: checked before every step, so a step without checks of its own (prepare, evaluate, backtest) is the last one.</summary>
    private CancellationToken _cancel;

    /// <summary>Runs it. Returns the stages' results (for the summary table and the tests).</summary>
    /// <exception cref="OperationCanceledException">Ctrl-C: finished cells stay on disk for --resume.</exception>
    public RunOutcome Run(CancellationToken cancel)
    {
        _cancel = cancel;
        using var sampler = MemorySampler.FromEnvironment();
        var config = trials[0];
        var run = new RunScope(config, outDir, 0);
        var metricsPath = RunLayout.Metrics(outDir);

        // Nothing in the run folder is touched until the data loaded, the splits exist and the plan fits max_cells.
        Panel panel = null!;
        Step(run, "data", () => panel = PanelSource.Load(config.Data, progress.Status));
        cancel.ThrowIfCancellationRequested();
        CheckTestYears(config, panel);
        // Every progress line of the prepare step is a cancellation point: Ctrl-C stops it between its sub-steps.
        Prepared prepared = null!;
        Step(run, "prepare", () => prepared = PrepareStep.Run(config, panel, line =>
        {
            cancel.ThrowIfCancellationRequested();
            progress.Status(line);
        }));
        cancel.ThrowIfCancellationRequested();
        var cells = (long)(trials.Count + config.Baselines.Count) * prepared.Splits.Count;
        if (cells > config.MaxCells)
        {
            throw new UsageException(ExperimentConfig.PlanTooLarge(
                $"({trials.Count} trials + {config.Baselines.Count} baselines) x {prepared.Splits.Count} folds = {cells:N0} cells", config.MaxCells, fromFlag: false));
        }

        // One fold set per training-sample cap: a sweep over model.max_train_samples gives each trial its own draw
        // (the baselines use the first trial's); the test blocks are the same in every set.
        var foldSets = new Dictionary<int, IReadOnlyList<FoldData>>();
        IReadOnlyList<FoldData> FoldsFor(int cap)
        {
            if (!foldSets.TryGetValue(cap, out var set))
            {
                foldSets[cap] = set = prepared.Splits.Select((s, k) => FoldBuilder.Build(prepared.Samples, s, k, config.Split.ValidationFraction, cap, config.Seed + k)).ToList();
            }

            return set;
        }

        var folds = FoldsFor(config.Model.MaxTrainSamples);
        var models = ModelCatalog.Create(trials, prepared.Cube.Names, options.PlanOnly ? null : progress);
        var capOf = Enumerable.Range(0, trials.Count).ToDictionary(k => ModelCatalog.TrialName(trials, k), k => trials[k].Model.MaxTrainSamples, StringComparer.Ordinal);
        IReadOnlyList<FoldData> FoldsOf(string model) => capOf.TryGetValue(model, out var cap) ? FoldsFor(cap) : folds;
        var plan = PlanOf(run, models, FoldsOf);
        var selection = Selection(plan);
        Directory.CreateDirectory(outDir);
        if (options.PlanOnly)
        {
            plan.Write(outDir);
            progress.Status($"plan: {plan.Cells.Count} cells = {folds.Count} folds × {models.Count} models ({string.Join(", ", models.Select(m => m.Name))}); written to {RunLayout.Plan(outDir)}");
            foreach (var c in plan.Cells)
            {
                progress.Status($"cell {c.Index,4}: {c.Model} fold {c.Fold} ({c.FoldName}){(CellPlan.IsDone(outDir, c) ? "  done" : "")}");
            }

            return new RunOutcome(run, prepared, ModelPredictions.Empty);
        }

        if (!options.Resume && !options.Scatter && !options.Gather)
        {
            var trialsDir = RunLayout.Trials(outDir);
            if (Directory.Exists(trialsDir))
            {
                Directory.Delete(trialsDir, recursive: true);
            }

            File.Delete(metricsPath);
        }

        WriteConfig(RunLayout.Config(outDir));
        Live.RunProcessors.Of(prepared).Write(RunLayout.Processors(outDir));

        plan.Write(outDir);

        var cellRows = new Dictionary<string, List<PredictionRecord>>(StringComparer.Ordinal);
        Step(run, "train", () => cellRows = FoldExecutor.Run(run, prepared, models, FoldsOf, plan, selection, options.Gather, progress.Status, progress.Advance, cancel));
        if (options.Scatter)
        {
            var what = options.OnlyCells is not null ? $"cells {options.OnlyCells}" : $"fold {options.OnlyFold}";
            progress.Status($"{what} done; gather with: kosmo run --resume (same --config and --out)");
            WriteTiming(run);
            return new RunOutcome(run, prepared, ModelPredictions.Of(cellRows));
        }

        if (prepared.Cpcv is not null)
        {
            Step(run, "cpcv_paths", () => CpcvPaths.Run(run, prepared, cellRows, backtest: !options.TrainOnly, progress.Status));
        }
        else
        {
            MetricsJsonFile.RemoveSection(metricsPath, "cpcv");
        }

        // The train stage's result: read-only from here on; later stages add models to copies of it.
        var trained = ModelPredictions.Of(cellRows);
        if (options.TrainOnly)
        {
            WritePredictions(prepared, trained, folds);
            Step(run, "explain", () => ModelCatalog.Explain(run, progress.Status));
            WriteSections(prepared, metricsPath, models);
            WriteTiming(run);
            progress.Status($"trained; evaluate with: kosmo evaluate --run {outDir}, or finish with: kosmo run --resume (same --config and --out)");
            return new RunOutcome(run, prepared, trained);
        }

        if (config.Oot is { } oot)
        {
            Step(run, "oot", () => Oot.OotStep.Run(run, prepared, oot, models, folds, progress.Status, cancel));
        }
        else
        {
            MetricsJsonFile.RemoveSection(metricsPath, "oot");
        }

        var evaluated = trained;
        Step(run, "evaluate", () =>
        {
            if (config.Model.Ensemble)
            {
                evaluated = ModelPredictions.With(trained, EnsembleStep.Run(prepared, trained, folds, models[0].Name, progress.Status));
            }

            var labels = WritePredictions(prepared, evaluated, folds);
            var reference = models.Select(m => m.Name).FirstOrDefault(n => n.StartsWith(trials[0].Model.Name, StringComparison.Ordinal));
            var (evaluations, comparisons) = InMemoryEvaluation.Run(metricsPath, evaluated, labels, reference);
            var prices = new ExecutionPrices(prepared.Panel, config.Backtest.Execution == "close");
            MetricsJson.WriteSignalValues(metricsPath, evaluated.Where(p => p.Value.Count > 0)
                .ToDictionary(p => p.Key, p => SignalValueEvaluator.Evaluate(p.Value, prices), StringComparer.Ordinal));
            CompareVariants(evaluated, labels, evaluations, comparisons);
        });
        var traded = evaluated;
        if (config.Labels.Meta)
        {
            Step(run, "meta", () => traded = Meta(prepared, evaluated, folds, metricsPath));
        }
        else
        {
            MetricsJsonFile.RemoveSection(metricsPath, "meta");
        }

        Step(run, "backtest", () => Backtest(prepared, traded));
        if (config.Labels.Meta)
        {
            MetaLabeling.AddBacktests(metricsPath, config.Labels.MetaPrimary);
        }

        Step(run, "explain", () => ModelCatalog.Explain(run, progress.Status));
        WriteSections(prepared, metricsPath, models);
        Step(run, "report", () => HtmlReport.Write(outDir));
        WriteTiming(run);
        return new RunOutcome(run, prepared, traded);
    }

    /// <summary>split.first_test_year / last_test_year must fall inside the data's years (a located config error, exit 2).</summary>
    private static void CheckTestYears(ExperimentConfig c, Panel panel)
    {
        var (firstYear, lastYear) = (panel.Dates[0].Year, panel.Dates[^1].Year);
        foreach (var (key, year) in new[] { ("first_test_year", c.Split.FirstTestYear), ("last_test_year", c.Split.LastTestYear) })
        {
            if (year is { } y && (y <= firstYear || y > lastYear))
            {
                throw new ConfigException(c.SourceFile, c.LineOf("split." + key), "split." + key,
                    $"split.{key}: {y} is outside the data, which covers {firstYear}..{lastYear} (a test year needs at least one earlier training year)");
            }
        }
    }

    /// <summary>The run's cells: every fold × every model, numbered fold-major, with each cell's sample counts.</summary>
    private CellPlan PlanOf(RunScope run, IReadOnlyList<IModelRunner> models, Func<string, IReadOnlyList<FoldData>> foldsOf)
    {
        var trialOf = Enumerable.Range(0, trials.Count).ToDictionary(k => ModelCatalog.TrialName(trials, k), k => k, StringComparer.Ordinal);
        var trialDir = Path.GetRelativePath(outDir, run.TrialDir).Replace('\\', '/');
        var folds = foldsOf(models[0].Name);
        return CellPlan.Build([.. models.Select(m => m.Name)], m => trialOf.TryGetValue(m, out var k) ? k : null, [.. folds.Select(f => (f.Index, f.Name))], trialDir,
            (m, k) => Samples(foldsOf(m)[k]));

        static CellSamples Samples(FoldData f) => new(f.Train.Length, f.Validation.Length, f.Test.Length);
    }

    /// <summary>The cells this invocation computes (null = all of them).</summary>
    /// <exception cref="ArgumentException">--only-cell names a cell outside the plan, or --only-fold a fold outside it.</exception>
    private IReadOnlySet<int>? Selection(CellPlan plan)
    {
        if (options.OnlyCells is { } text)
        {
            return CellPlan.ParseSelection(text, plan.Cells.Count);
        }

        if (options.OnlyFold is { } fold)
        {
            var set = plan.Cells.Where(c => c.Fold == fold).Select(c => c.Index).ToHashSet();
            return set.Count > 0 ? set : throw new ArgumentException($"--only-fold {fold}: the plan has folds 0-{plan.Cells.Max(c => c.Fold)}");
        }

        return null;
    }

    private void Step(RunScope run, string name, Action action)
    {
        _cancel.ThrowIfCancellationRequested();
        progress.BeginStep(name);
        var mark = MemoryProbe.Begin();
        var cpu = MemoryProbe.CpuSeconds();
        var sw = Stopwatch.StartNew();
        action();
        run.StepSeconds[name] = Math.Round(sw.Elapsed.TotalSeconds, 2);
        run.Memory.Add(new MemoryReading(name, run.StepSeconds[name], Math.Round(MemoryProbe.CpuSeconds() - cpu, 2), MemoryProbe.Mb(MemoryProbe.End(mark)), MemoryProbe.Mb(MemoryProbe.RssBytes()), MemoryProbe.Mb(MemoryProbe.ManagedHeapBytes())));
        progress.EndStep(name, sw.Elapsed);
    }

    /// <summary>RUN/predictions.csv (every model, every test fold) and RUN/labels.csv (the test samples' labels); returns the labels.</summary>
    private List<LabelRecord> WritePredictions(Prepared prepared, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> predictions, IReadOnlyList<FoldData> folds)
    {
        // Streamed from the per-model lists: no second list of every row stays alive through the evaluation.
        PredictionsCsv.Write(RunLayout.Predictions(outDir), new PredictionRows(predictions));
        var T = prepared.Panel.DateCount;
        var labels = folds.SelectMany(f => f.Test).Distinct().Select(j =>
        {
            var t = prepared.Samples.Start[j];
            var i = prepared.Samples.Code[j];
            return new LabelRecord(prepared.Panel.Dates[t], prepared.Panel.Codes[i], prepared.Labels.Label[i * T + t], prepared.Labels.Return[i * T + t]);
        }).Where(l => double.IsFinite(l.FwdReturn) && l.Label >= 0 && l.Label < prepared.Labels.ClassCount).ToList();
        LabelsCsv.Write(RunLayout.Labels(outDir), labels, prepared.Labels.ClassCount);
        return labels;
    }

    /// <summary>
    /// Adds a paired comparison of each meta-learning variant with its plain model under
    /// <c>models.VARIANT.comparisons.PLAIN</c> (e.g. models.lstm_reptile.comparisons.lstm: differences are variant − plain).
    /// </summary>
    private void CompareVariants(IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> predictions, IEnumerable<LabelRecord> labels, IReadOnlyList<ModelEvaluation> evaluations, IReadOnlyList<PairedComparison> comparisons)
    {
        if (!ModelCatalog.VariantOf.Any(v => evaluations.Any(e => e.Model == v.Key)))
        {
            return;
        }

        var rows = predictions.Values.SelectMany(r => r).ToList();
        var index = EvaluationSet.IndexLabels(labels);
        foreach (var (variant, plain) in ModelCatalog.VariantOf)
        {
            if (evaluations.FirstOrDefault(e => e.Model == variant) is not { } variantEvaluation || !evaluations.Any(e => e.Model == plain))
            {
                continue;
            }

            var extra = Evaluator.Compare(EvaluationSet.Join(variant, rows, index), EvaluationSet.Join(plain, rows, index));
            MetricsJson.WriteModels(RunLayout.Metrics(outDir), [variantEvaluation], [.. comparisons.Where(c => c.Model == variant), extra]);
        }
    }

    /// <summary>
    /// Meta-labeling on the primary's out-of-sample predictions; returns <paramref name="predictions"/> with the sized
    /// and base signals added (they join the backtest, not the classification metrics).
    /// </summary>
    private IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Meta(Prepared prepared, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> predictions, IReadOnlyList<FoldData> folds, string metricsPath)
    {
        var primary = prepared.Config.Labels.MetaPrimary;
        var outcome = MetaLabeling.Run(prepared, predictions, folds, primary, progress.Status);
        MetaLabeling.Write(RunLayout.MetaPredictions(outDir), outcome);
        MetricsJsonFile.MergeSection(metricsPath, "meta", MetaLabeling.Metrics(outcome, prepared.Config.Labels, folds.Count));
        var (sized, baseRows) = MetaLabeling.Signals(outcome, predictions[primary]);
        return sized.Count == 0 ? predictions : ModelPredictions.With(predictions,
            [KeyValuePair.Create(primary + "_meta", (IReadOnlyList<PredictionRecord>)sized), KeyValuePair.Create(primary + "_meta_base", (IReadOnlyList<PredictionRecord>)baseRows)]);
    }

    private void Backtest(Prepared prepared, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> predictions)
    {
        var models = predictions.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SignalMatrix.FromFrame(new SignalFrame(p.Key, p.Value.Select(r => new Signal(r.Date, r.Code, r.PDown, r.PFlat, r.PUp))), prepared.Panel)))
            .ToList();
        var report = BacktestRunner.Run(prepared.Panel, new BacktestPlan { Run = prepared.Config.Backtest, Models = models, Universe = prepared.UniverseMask });
        Kosmo.Backtest.Output.RunFolderWriter.WriteAll(outDir, report);
    }

    private void WriteSections(Prepared prepared, string metricsPath, IReadOnlyList<IModelRunner> models)
    {
        var p = prepared.Panel;
        var data = new JsonObject
        {
            ["source"] = prepared.Config.Data.Source,
            ["synthetic"] = p.IsSynthetic,
            ["description"] = p.Description,
            ["first_date"] = p.Dates[0].ToString("yyyy-MM-dd"),
            ["last_date"] = p.Dates[^1].ToString("yyyy-MM-dd"),
            ["dates"] = p.DateCount,
            ["codes"] = p.CodeCount,
        };
        foreach (var (key, value) in prepared.DataFacts.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            data[key] = value switch
            {
                double[] a => new JsonArray(a.Select(x => (JsonNode?)x).ToArray()),
                int n => n,
                long n => n,
                double d => d,
                _ => value?.ToString(),
            };
        }

        MetricsJsonFile.MergeSection(metricsPath, "data", data);
        MetricsJsonFile.MergeSection(metricsPath, "timing", new JsonObject
        {
            ["threads"] = prepared.Config.Threads,
            ["precision"] = prepared.Config.Model.Precision,
            ["seed"] = prepared.Config.Seed,
            ["trials"] = trials.Count,
            ["models"] = new JsonArray(models.Select(m => (JsonNode?)m.Name).ToArray()),
            ["wall_seconds"] = RunLayout.TimingFile,
        });
    }

    private void WriteTiming(RunScope run)
    {
        var timing = new JsonObject();
        foreach (var (k, v) in run.StepSeconds)
        {
            timing[k] = v;
        }

        timing["total"] = Math.Round(run.StepSeconds.Values.Sum(), 2);
        timing["precision"] = run.Config.Model.Precision; // as configured: bf16 is checked against the machine when the config loads
        timing["memory"] = MemoryTiming.ToJson(run.Memory);
        AtomicFile.WriteAllText(RunLayout.Timing(outDir), timing.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private void WriteConfig(string path)
    {
        var text = trials.Count == 1
            ? trials[0].ToYaml()
            : string.Join("---\n", trials.Select(t => t.ToYaml()));
        AtomicFile.WriteAllText(path, text);
    }
}
