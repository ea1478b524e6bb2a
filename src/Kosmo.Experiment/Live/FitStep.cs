using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Features.Splits;
using Kosmo.Models.Baselines;

namespace Kosmo.Experiment.Live;

/// <summary>
/// <c>kosmo fit</c>: refits every model of a run on all its labelled data up to a date, with the run's config
/// (features, labels, universe, hyper-parameters, training-sample cap, early-stopping budget), and stores the result as
/// a <see cref="ModelSet"/>. The samples are the labelled universe members whose signal date is on or before
/// <c>until</c> (default: the last date with a complete label, minus <c>split.embargo_days</c> trading days); their
/// latest <c>split.validation_fraction</c> of dates is the validation block the window models and lightgbm stop on
/// (training samples whose labels reach into it are purged), exactly as in a walk-forward fold. Logistic regression and
/// the momentum rules fit on training plus validation rows, as in the folds. The market-column scaling is the one the
/// run fits (fold 0's training window), so features mean the same as in the run.
/// </summary>
internal static class FitStep
{
    /// <exception cref="NoDataException">No labelled sample on or before the date.</exception>
    public static ModelSet Run(ExperimentConfig config, string runDir, string? db, DateOnly? until, Action<string> status, CancellationToken cancel)
    {
        var data = db is null ? config.Data with { To = null } : config.Data with { Source = "db", Db = db, To = null };
        var prepared = PrepareStep.Run(config, PanelSource.Load(data, status), status);
        var s = prepared.Samples;
        var panel = prepared.Panel;
        var last = s.Start.Max();
        var untilIndex = until is { } u ? panel.IndexAtOrBefore(u) : last - config.Split.EmbargoDays;
        var selected = Enumerable.Range(0, s.Count).Where(j => s.Start[j] <= untilIndex).ToArray();
        if (untilIndex < 0 || selected.Length == 0)
        {
            throw new NoDataException($"no labelled universe sample on or before {(until ?? panel.Dates[0]):yyyy-MM-dd} (labels need {config.Labels.Horizon} trading days after a date)");
        }

        var untilDate = panel.Dates[untilIndex];
        var labelsEnd = panel.Dates[selected.Max(j => s.End[j])];
        var fold = FoldBuilder.Build(s, new Split($"fit until {untilDate:yyyy-MM-dd}", selected, [], [], 0, 0), 0, config.Split.ValidationFraction, config.Model.MaxTrainSamples, config.Seed);
        status($"fit: {selected.Length:N0} samples from {s.Dates[s.Start[selected[0]]]:yyyy-MM-dd} to {untilDate:yyyy-MM-dd} (labels to {labelsEnd:yyyy-MM-dd}); train {fold.Train.Length:N0}, validate {fold.Validation.Length:N0}");

        var hash = RunProcessors.HashOf(config);
        var id = $"{untilDate:yyyyMMdd}-{hash[..8]}";
        var root = ModelSet.Root(runDir);
        var work = Path.Combine(root, id + ".partial");
        Directory.CreateDirectory(work);
        List<ModelSetEntry> entries;
        try
        {
            entries = FitAll(prepared, fold, work, status, cancel);
        }
        catch
        {
            Directory.Delete(work, recursive: true);   // nothing half-written: the previous set stays current
            throw;
        }

        RunProcessors.Of(prepared).Write(RunLayout.Processors(work));
        var final = Path.Combine(root, id);
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(work, final);
        var set = new ModelSet(id, final, hash, panel.Dates[0], panel.Dates[^1], untilDate, labelsEnd, fold.Train.Length, fold.Validation.Length, [.. prepared.Cube.Names], entries);
        set.Write();
        AtomicFile.WriteAllText(RunLayout.CurrentModelSet(runDir), id + "\n");
        return set;
    }

    private static List<ModelSetEntry> FitAll(Prepared prepared, FoldData fold, string work, Action<string> status, CancellationToken cancel)
    {
        var config = prepared.Config;
        var entries = new List<ModelSetEntry>();
        foreach (var runner in ModelCatalog.Create([config], prepared.Cube.Names))
        {
            cancel.ThrowIfCancellationRequested();
            var dir = Path.Combine(work, runner.Name);
            Directory.CreateDirectory(dir);
            var cell = fold with { Seed = FoldExecutor.CellSeed(config.Seed, runner.Name + "/fit", 0) };
            var entry = runner switch
            {
                NeuralRunner n => Window(prepared, n, cell, dir, status, cancel),
                LightGbmRunner g => Trees(prepared, g, cell, dir, status),
                TabularRunner t => Rows(prepared, t, cell, dir, status),
                _ => null,
            };
            if (entry is null)
            {
                status($"{runner.Name}: meta-learned models are not refitted by 'kosmo fit' yet; left out of the set");
                Directory.Delete(dir, recursive: true);
                continue;
            }

            entries.Add(entry with { File = Path.GetRelativePath(work, entry.File), Sha256 = ModelSet.Sha256Of(entry.File) });
        }

        return entries;
    }

    private static ModelSetEntry Window(Prepared prepared, NeuralRunner runner, FoldData fold, string dir, Action<string> status, CancellationToken cancel)
    {
        var (train, validation) = runner.Windows(prepared, fold);
        if (train.Count == 0)
        {
            throw new NoDataException($"{runner.Name}: no usable training window up to the fit date");
        }

        var (_, result) = runner.Train(prepared, fold, train, validation, dir, status, cancel);
        var detail = string.Create(CultureInfo.InvariantCulture, $"best epoch {result.BestEpoch} of {result.History.Count}, validation loss {result.BestScore:F4}");
        return new ModelSetEntry(runner.Name, "window", RunLayout.Checkpoint(dir), "", detail);
    }

    private static ModelSetEntry Trees(Prepared prepared, LightGbmRunner runner, FoldData fold, string dir, Action<string> status)
    {
        var model = runner.FitOrLoad(prepared, fold, dir, status);
        return new ModelSetEntry(runner.Name, "lightgbm", Path.Combine(dir, RunLayout.LightGbmModelFile), "",
            string.Create(CultureInfo.InvariantCulture, $"best round {model.BestIteration} of {model.IterationsRun}"));
    }

    private static ModelSetEntry Rows(Prepared prepared, TabularRunner runner, FoldData fold, string dir, Action<string> status)
    {
        var model = runner.Create(prepared.Labels.ClassCount);
        status($"{runner.Name}: fitting on {fold.Train.Length + fold.Validation.Length:N0} samples");
        model.Fit(TabularRunner.Rows(prepared, [.. fold.Train, .. fold.Validation]));
        var (json, kind, detail) = model switch
        {
            LogisticRegressionClassifier l => (l.Save(), "logistic", $"{l.Iterations} Newton iterations, converged {l.Converged}"),
            MomentumRuleClassifier m => (m.Save(), "momentum_rule", $"rank buckets of {m.Feature}"),
            _ => throw new InvalidOperationException($"{runner.Name}: no save format for {model.GetType().Name}"),
        };
        var file = Path.Combine(dir, RunLayout.TabularModelFile);
        AtomicFile.WriteAllText(file, json + "\n");
        return new ModelSetEntry(runner.Name, kind, file, "", detail);
    }
}
