using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Models.RunFolder;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment.Oot;

/// <summary>
/// The out-of-time test inside <c>kosmo run</c>: loads the second panel, prepares it with the main run's rules
/// and fitted statistics, lets every model of the last walk-forward fold predict its test period zero-shot and, with a
/// fine-tune window, fine-tuned (MODEL+ft), then evaluates everything with the walk-forward evaluation code into the
/// <c>oot</c> section of RUN/metrics.json, RUN/oot/predictions.csv and RUN/oot/labels.csv. Each (model, variant) is
/// a cell cached in RUN/oot/cells/NAME/ (done marker holding the OOT settings; a marker from other settings is
/// discarded), so <c>--resume</c> reuses them.
/// </summary>
internal static class OotStep
{
    /// <summary>Runs the step for the main run (<paramref name="run"/>, prepared as <paramref name="main"/>) after its training step.</summary>
    /// <exception cref="Kosmo.Core.DataValidationException">The OOT window has no data or no labelled test sample, or
    /// the test starts before the last fold's training labels end (not out of time).</exception>
    public static void Run(RunScope run, Prepared main, OotConfig oot, IReadOnlyList<IModelRunner> models, IReadOnlyList<FoldData> folds, Action<string> status, CancellationToken cancel)
    {
        var fold = folds[^1];
        var trainEnd = fold.Train.Concat(fold.Validation).Select(j => main.Samples.End[j]).DefaultIfEmpty(0).Max();
        var trainEndDate = main.Samples.Dates[Math.Min(trainEnd, main.Samples.Dates.Length - 1)];
        if (oot.FinetuneFrom is { } ff && ff <= trainEndDate || oot.TestFrom <= trainEndDate)
        {
            throw new Kosmo.Core.DataValidationException("config", 0, "oot.test_from", $"oot.test_from / oot.finetune_from must come after the last training label of fold {fold.Index} ({trainEndDate:yyyy-MM-dd}): it would not be out of time");
        }

        var panel = OotPanel.Load(main.Config.Data, oot, status);
        var data = OotData.Prepare(main, oot, panel, status);
        var prepared = data.Prepared;
        var maxFt = oot.FinetuneMaxSamples ?? main.Config.Model.MaxTrainSamples;
        var ftSamples = maxFt > 0
            ? Kosmo.Features.Weights.TrainingSubsample.Draw(data.Finetune, maxFt, FoldExecutor.CellSeed(main.Config.Seed, "oot-finetune", fold.Index))
            : data.Finetune;
        var (ftTrain, ftValidation) = FinetuneSplit.Split(prepared.Samples, ftSamples, oot.FinetuneValidation, main.Config.Split.EmbargoDays);
        status($"out-of-time: {data.Test.Length:N0} test samples, {data.Finetune.Length:N0} eligible fine-tune samples ({ftSamples.Length:N0} used: "
            + $"epochs chosen on {ftValidation.Length:N0} held-out with {ftTrain.Length:N0} purged training samples); models of fold {fold.Index} ({fold.Name})");

        var key = Key(oot, fold, maxFt);
        var rows = new List<PredictionRecord>();
        var skipped = new List<string>();
        foreach (var runner in models)
        {
            if (runner is not (NeuralRunner or TabularRunner or LightGbmRunner))
            {
                skipped.Add(runner.Name);
                status($"{runner.Name}: not supported by the out-of-time step; skipped");
                continue;
            }

            cancel.ThrowIfCancellationRequested();
            rows.AddRange(Cell(run.OutDir, runner.Name, key, status, () => OotModels.ZeroShot(runner, main, run.TrialDir, fold, data)));
            if (oot.Finetune && ftSamples.Length > 0)
            {
                var name = OotModels.FinetunedName(runner.Name);
                var seed = FoldExecutor.CellSeed(main.Config.Seed, name, fold.Index);
                rows.AddRange(Cell(run.OutDir, name, key, status, () => OotModels.Finetuned(runner, main, run.TrialDir, fold, data, oot, ftSamples, ftTrain, ftValidation, CellDir(run.OutDir, name), seed, cancel)));
            }

            Kosmo.Tensors.TensorArena.TrimAllThreads();
        }

        var facts = OotFacts.Build(main, data, ftSamples, folds, skipped);
        FinetuneFacts.AddFacts(facts, prepared, ftTrain, ftValidation, models.Select(m => OotModels.FinetunedName(m.Name)).Select(n => (n, CellDir(run.OutDir, n))));
        OotEvaluation.Write(run.OutDir, rows, data, models[0].Name, facts, status);
    }

    /// <summary>The folder of an OOT cell.</summary>
    public static string CellDir(string outDir, string name) => RunLayout.OotCell(outDir, name);

    private static IReadOnlyList<PredictionRecord> Cell(string outDir, string name, string key, Action<string> status, Func<IReadOnlyList<PredictionRecord>> compute)
    {
        var dir = CellDir(outDir, name);
        var done = RunLayout.Done(dir);
        var file = RunLayout.Predictions(dir);
        var settings = Path.Combine(dir, RunLayout.SettingsFile);
        if (File.Exists(done) && File.Exists(file) && File.ReadAllText(done) == key)
        {
            status($"{name} (out of time): already computed (resume)");
            return PredictionsCsv.Read(file);
        }

        // A cell of other settings (or an unfinished one of other settings, with its fine-tuning checkpoint) is discarded;
        // an unfinished cell of the same settings keeps its checkpoint so fine-tuning resumes.
        if (Directory.Exists(dir) && (File.Exists(done) || !File.Exists(settings) || File.ReadAllText(settings) != key))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(settings, key);
        status($"{name} (out of time): computing");
        var rows = compute();
        PredictionsCsv.Write(file, rows);
        AtomicFile.WriteAllText(done, key);
        return rows;
    }

    private static string Key(OotConfig o, FoldData fold, int maxFt) => string.Join("\n",
        "oot-cell-v3",
        $"panel {o.PanelFrom:yyyy-MM-dd}..{o.TestTo:yyyy-MM-dd}",
        $"test {o.TestFrom:yyyy-MM-dd}..{o.TestTo:yyyy-MM-dd}",
        $"finetune {o.FinetuneFrom:yyyy-MM-dd}..{o.FinetuneTo:yyyy-MM-dd} epochs {o.FinetuneEpochs} lr {o.FinetuneLearningRate.ToString("R", CultureInfo.InvariantCulture)} max {maxFt}"
            + $" validation {o.FinetuneValidation.ToString("R", CultureInfo.InvariantCulture)} patience {o.FinetunePatience}",
        $"fold {fold.Index} {fold.Name}") + "\n";
}
