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
/// With <c>model.ensemble</c> the causal ensembles (<see cref="EnsembleStep"/>) are added to the predictions at the
/// start of the evaluate step, so they are evaluated, compared with the main model and backtested like any model.
/// Every output goes into the run folder whose layout DESIGN.md fixes.
/// </summary>
internal sealed class ExperimentRunner(IReadOnlyList<ExperimentConfig> trials, string outDir, RunOptions options, IRunProgress progress)
{
    /// <summary>Ctrl-C: checked before every step, so a step without checks of its own (prepare, evaluate, backtest) is the last one.</summary>
    private CancellationToken _cancel;

    /// <summary>Runs it. Returns the run context (for the summary table).</summary>
    /// <exception cref="OperationCanceledException">Ctrl-C: finished cells stay on disk for --resume.</exception>
    public RunContext Run(CancellationToken cancel)
    {
        _cancel = cancel;
        using var sampler = MemorySampler.FromEnvironment();
        var config = trials[0];
        var ctx = new RunContext(config, outDir, 0);
        var metricsPath = RunLayout.Metrics(outDir);

        // Nothing in the run folder is touched until the data loaded, the splits exist and the plan fits max_cells.
        Step(ctx, "data", () => ctx.Panel = PanelSource.Load(config.Data, progress.Status));
        cancel.ThrowIfCancellationRequested();
        CheckTestYears(ctx);
        // Every progress line of the prepare step is a cancellation point: Ctrl-C stops it between its sub-steps.
        Step(ctx, "prepare", () => PrepareStep.Run(ctx, line =>
        {
            cancel.ThrowIfCancellationRequested();
            progress.Status(line);
        }));
        cancel.ThrowIfCancellationRequested();
        var cells = (long)(trials.Count + config.Baselines.Count) * ctx.Splits.Count;
        if (cells > config.MaxCells)
        {
            throw new UsageException(ExperimentConfig.PlanTooLarge(
                $"({trials.Count} trials + {config.Baselines.Count} baselines) x {ctx.Splits.Count} folds = {cells:N0} cells", config.MaxCells, fromFlag: false));
        }

        // One fold set per training-sample cap: a sweep over model.max_train_samples gives each trial its own draw
        // (the baselines use the first trial's); the test blocks are the same in every set.
        var foldSets = new Dictionary<int, IReadOnlyList<FoldData>>();
        IReadOnlyList<FoldData> FoldsFor(int cap)
        {
            if (!foldSets.TryGetValue(cap, out var set))
            {
                foldSets[cap] = set = ctx.Splits.Select((s, k) => FoldBuilder.Build(ctx.Samples, s, k, config.Split.ValidationFraction, cap, config.Seed + k)).ToList();
            }

            return set;
        }

        var folds = FoldsFor(config.Model.MaxTrainSamples);
        var models = ModelCatalog.Create(trials, ctx.Cube.Names, options.PlanOnly ? null : progress);
        var capOf = Enumerable.Range(0, trials.Count).ToDictionary(k => ModelCatalog.TrialName(trials, k), k => trials[k].Model.MaxTrainSamples, StringComparer.Ordinal);
        IReadOnlyList<FoldData> FoldsOf(string model) => capOf.TryGetValue(model, out var cap) ? FoldsFor(cap) : folds;
        var plan = PlanOf(ctx, models, FoldsOf);
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

            return ctx;
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
        Live.RunProcessors.Of(ctx).Write(RunLayout.Processors(outDir));

        plan.Write(outDir);

        Step(ctx, "train", () => FoldExecutor.Run(ctx, models, FoldsOf, plan, selection, options.Gather, progress.Status, progress.Advance, cancel));
        if (options.Scatter)
        {
            var what = options.OnlyCells is not null ? $"cells {options.OnlyCells}" : $"fold {options.OnlyFold}";
            progress.Status($"{what} done; gather with: kosmo run --resume (same --config and --out)");
            WriteTiming(ctx);
            return ctx;
        }

        if (ctx.Cpcv is not null)
        {
            Step(ctx, "cpcv_paths", () => CpcvPaths.Run(ctx, backtest: !options.TrainOnly, progress.Status));
        }
        else
        {
            MetricsJsonFile.RemoveSection(metricsPath, "cpcv");
        }

        if (options.TrainOnly)
        {
            WritePredictions(ctx, folds);
            Step(ctx, "explain", () => ModelCatalog.Explain(ctx, progress.Status));
            WriteSections(ctx, metricsPath, models);
            WriteTiming(ctx);
            progress.Status($"trained; evaluate with: kosmo evaluate --run {outDir}, or finish with: kosmo run --resume (same --config and --out)");
            return ctx;
        }

        if (config.Oot is { } oot)
        {
            Step(ctx, "oot", () => Oot.OotStep.Run(ctx, oot, models, folds, progress.Status, cancel));
        }
        else
        {
            MetricsJsonFile.RemoveSection(metricsPath, "oot");
        }

        Step(ctx, "evaluate", () =>
        {
            if (config.Model.Ensemble)
            {
                EnsembleStep.Run(ctx, folds, models[0].Name, progress.Status);
            }

            var labels = WritePredictions(ctx, folds);
            var reference = models.Select(m => m.Name).FirstOrDefault(n => n.StartsWith(trials[0].Model.Name, StringComparison.Ordinal));
            var (evaluations, comparisons) = InMemoryEvaluation.Run(metricsPath, ctx.Predictions, labels, reference);
            var prices = new ExecutionPrices(ctx.Panel, config.Backtest.Execution == "close");
            MetricsJson.WriteSignalValues(metricsPath, ctx.Predictions.Where(p => p.Value.Count > 0)
                .ToDictionary(p => p.Key, p => SignalValueEvaluator.Evaluate(p.Value, prices), StringComparer.Ordinal));
            CompareVariants(ctx, labels, evaluations, comparisons);
        });
        if (config.Labels.Meta)
        {
            Step(ctx, "meta", () => Meta(ctx, folds, metricsPath));
        }
        else
        {
            MetricsJsonFile.RemoveSection(metricsPath, "meta");
        }

        Step(ctx, "backtest", () => Backtest(ctx));
        if (config.Labels.Meta)
        {
            MetaLabeling.AddBacktests(metricsPath, config.Labels.MetaPrimary);
        }

        Step(ctx, "explain", () => ModelCatalog.Explain(ctx, progress.Status));
        WriteSections(ctx, metricsPath, models);
        Step(ctx, "report", () => HtmlReport.Write(outDir));
        WriteTiming(ctx);
        return ctx;
    }

    /// <summary>split.first_test_year / last_test_year must fall inside the data's years (a located config error, exit 2).</summary>
    private static void CheckTestYears(RunContext ctx)
    {
        var c = ctx.Config;
        var (firstYear, lastYear) = (ctx.Panel.Dates[0].Year, ctx.Panel.Dates[^1].Year);
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
    private CellPlan PlanOf(RunContext ctx, IReadOnlyList<IModelRunner> models, Func<string, IReadOnlyList<FoldData>> foldsOf)
    {
        var trialOf = Enumerable.Range(0, trials.Count).ToDictionary(k => ModelCatalog.TrialName(trials, k), k => k, StringComparer.Ordinal);
        var trialDir = Path.GetRelativePath(outDir, ctx.TrialDir).Replace('\\', '/');
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

    private void Step(RunContext ctx, string name, Action action)
    {
        _cancel.ThrowIfCancellationRequested();
        progress.BeginStep(name);
        var mark = MemoryProbe.Begin();
        var cpu = MemoryProbe.CpuSeconds();
        var sw = Stopwatch.StartNew();
        action();
        ctx.StepSeconds[name] = Math.Round(sw.Elapsed.TotalSeconds, 2);
        ctx.Memory.Add(new MemoryReading(name, ctx.StepSeconds[name], Math.Round(MemoryProbe.CpuSeconds() - cpu, 2), MemoryProbe.Mb(MemoryProbe.End(mark)), MemoryProbe.Mb(MemoryProbe.RssBytes()), MemoryProbe.Mb(MemoryProbe.ManagedHeapBytes())));
        progress.EndStep(name, sw.Elapsed);
    }

    /// <summary>RUN/predictions.csv (every model, every test fold) and RUN/labels.csv (the test samples' labels); returns the labels.</summary>
    private List<LabelRecord> WritePredictions(RunContext ctx, IReadOnlyList<FoldData> folds)
    {
        // Streamed from the per-model lists: no second list of every row stays alive through the evaluation.
        PredictionsCsv.Write(RunLayout.Predictions(outDir), new PredictionRows(ctx.Predictions));
        var T = ctx.Panel.DateCount;
        var labels = folds.SelectMany(f => f.Test).Distinct().Select(j =>
        {
            var t = ctx.Samples.Start[j];
            var i = ctx.Samples.Code[j];
            return new LabelRecord(ctx.Panel.Dates[t], ctx.Panel.Codes[i], ctx.Labels.Label[i * T + t], ctx.Labels.Return[i * T + t]);
        }).Where(l => double.IsFinite(l.FwdReturn) && l.Label >= 0 && l.Label < ctx.Labels.ClassCount).ToList();
        LabelsCsv.Write(RunLayout.Labels(outDir), labels, ctx.Labels.ClassCount);
        return labels;
    }

    /// <summary>
    /// Adds a paired comparison of each meta-learning variant with its plain model under
    /// <c>models.VARIANT.comparisons.PLAIN</c> (e.g. models.lstm_reptile.comparisons.lstm: differences are variant − plain).
    /// </summary>
    private void CompareVariants(RunContext ctx, IEnumerable<LabelRecord> labels, IReadOnlyList<ModelEvaluation> evaluations, IReadOnlyList<PairedComparison> comparisons)
    {
        if (!ModelCatalog.VariantOf.Any(v => evaluations.Any(e => e.Model == v.Key)))
        {
            return;
        }

        var rows = ctx.Predictions.Values.SelectMany(r => r).ToList();
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

    /// <summary>Meta-labeling on the primary's out-of-sample predictions; the sized and base signals join the backtest (not the classification metrics).</summary>
    private void Meta(RunContext ctx, IReadOnlyList<FoldData> folds, string metricsPath)
    {
        var primary = ctx.Config.Labels.MetaPrimary;
        var outcome = MetaLabeling.Run(ctx, folds, primary, progress.Status);
        MetaLabeling.Write(RunLayout.MetaPredictions(outDir), outcome);
        MetricsJsonFile.MergeSection(metricsPath, "meta", MetaLabeling.Metrics(outcome, ctx.Config.Labels, folds.Count));
        var (sized, baseRows) = MetaLabeling.Signals(outcome, ctx.Predictions[primary]);
        if (sized.Count > 0)
        {
            ctx.Predictions[primary + "_meta"] = sized;
            ctx.Predictions[primary + "_meta_base"] = baseRows;
        }
    }

    private void Backtest(RunContext ctx)
    {
        var models = ctx.Predictions.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SignalMatrix.FromFrame(new SignalFrame(p.Key, p.Value.Select(r => new Signal(r.Date, r.Code, r.PDown, r.PFlat, r.PUp))), ctx.Panel)))
            .ToList();
        var report = BacktestRunner.Run(ctx.Panel, new BacktestPlan { Run = ctx.Config.Backtest, Models = models, Universe = ctx.UniverseMask });
        Kosmo.Backtest.Output.RunFolderWriter.WriteAll(outDir, report);
    }

    private void WriteSections(RunContext ctx, string metricsPath, IReadOnlyList<IModelRunner> models)
    {
        var p = ctx.Panel;
        var data = new JsonObject
        {
            ["source"] = ctx.Config.Data.Source,
            ["synthetic"] = p.IsSynthetic,
            ["description"] = p.Description,
            ["first_date"] = p.Dates[0].ToString("yyyy-MM-dd"),
            ["last_date"] = p.Dates[^1].ToString("yyyy-MM-dd"),
            ["dates"] = p.DateCount,
            ["codes"] = p.CodeCount,
        };
        foreach (var (key, value) in ctx.DataFacts.OrderBy(k => k.Key, StringComparer.Ordinal))
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
            ["threads"] = ctx.Config.Threads,
            ["precision"] = ctx.Config.Model.Precision,
            ["seed"] = ctx.Config.Seed,
            ["trials"] = trials.Count,
            ["models"] = new JsonArray(models.Select(m => (JsonNode?)m.Name).ToArray()),
            ["wall_seconds"] = RunLayout.TimingFile,
        });
    }

    private void WriteTiming(RunContext ctx)
    {
        var timing = new JsonObject();
        foreach (var (k, v) in ctx.StepSeconds)
        {
            timing[k] = v;
        }

        timing["total"] = Math.Round(ctx.StepSeconds.Values.Sum(), 2);
        timing["precision"] = ctx.Config.Model.Precision; // as configured: bf16 is checked against the machine when the config loads
        timing["memory"] = MemoryTiming.ToJson(ctx.Memory);
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
