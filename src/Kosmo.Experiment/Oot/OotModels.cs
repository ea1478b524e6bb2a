using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Models.RunFolder;
using Kosmo.Models.Training;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment.Oot;

/// <summary>
/// The out-of-time predictions of one model of the run, trained by the last walk-forward fold:
/// <list type="bullet">
/// <item>window models (<see cref="NeuralRunner"/>): the fold's best-epoch weights from its checkpoint predict the OOT
/// test windows (zero-shot, name MODEL). MODEL+ft: the number of fine-tuning epochs is chosen first — a copy of those
/// weights is trained on the fine-tune window's training split with a fresh AdamW (cosine schedule from
/// <c>oot.finetune_learning_rate</c>, no warm-up), early-stopped on the held-out latest block, and epoch 0 (the zero-shot
/// weights) competes on the same held-out loss; then a fresh copy is trained on the whole window for the chosen number
/// of epochs (none: MODEL+ft keeps the zero-shot weights) and predicts the test windows. The choice is written to the
/// cell's <c>selected_epoch</c>;</item>
/// <item>row models (<see cref="TabularRunner"/>: logistic, momentum rules): refitted on the fold's training and
/// validation rows, which reproduces the fold's model exactly (deterministic fits), for zero-shot; and refitted on
/// those rows plus the fine-tune rows of the OOT panel for MODEL+ft (a convex model has no "continued training":
/// the pooled refit is its fine-tuning).</item>
/// </list>
/// The lightgbm baseline (<see cref="LightGbmRunner"/>): the fold's saved booster for zero-shot; for MODEL+ft a refit
/// with the fold booster's number of rounds on the fold's rows plus the fine-tune rows.
/// Other runners (lstm_reptile) are not supported and are skipped by the caller.
/// </summary>
internal static class OotModels
{
    /// <summary>Zero-shot predictions of the OOT test samples.</summary>
    /// <exception cref="InvalidOperationException">The fold's checkpoint is missing.</exception>
    public static IReadOnlyList<PredictionRecord> ZeroShot(IModelRunner runner, Prepared main, string mainTrialDir, FoldData fold, OotData oot) => runner switch
    {
        NeuralRunner n => Predict(n.Name, Restore(n, main, mainTrialDir, fold, oot.Prepared), oot),
        TabularRunner t => FitPredict(t, t.Name, Rows(main, [.. fold.Train, .. fold.Validation]), oot),
        LightGbmRunner g => Trees(g.Name, Booster(g, main, mainTrialDir, fold), oot),
        _ => throw new ArgumentException($"{runner.Name}: not supported by the out-of-time step", nameof(runner)),
    };

    /// <summary>Fine-tuned predictions (name MODEL+ft); <paramref name="cellDir"/> holds the fine-tuning checkpoint (resume).</summary>
    /// <param name="runner">The model's runner.</param>
    /// <param name="main">The main run's prepared record.</param>
    /// <param name="mainTrialDir">The main run's trial folder (its last fold's checkpoints).</param>
    /// <param name="fold">The last walk-forward fold.</param>
    /// <param name="oot">The OOT panel and samples.</param>
    /// <param name="config">The <c>oot:</c> settings.</param>
    /// <param name="all">Every fine-tune sample used (OOT context indices): the final fine-tuning set.</param>
    /// <param name="train">The training split of <paramref name="all"/> (purged before the held-out block).</param>
    /// <param name="validation">The held-out split (latest dates); empty = no selection, <c>finetune_epochs</c> on <paramref name="all"/>.</param>
    /// <param name="cellDir">The cell folder (checkpoints, training logs, selected epoch).</param>
    /// <param name="seed">Training seed.</param>
    /// <param name="cancel">Cancellation.</param>
    public static IReadOnlyList<PredictionRecord> Finetuned(IModelRunner runner, Prepared main, string mainTrialDir, FoldData fold, OotData oot, OotConfig config,
        int[] all, int[] train, int[] validation, string cellDir, int seed, CancellationToken cancel)
    {
        var name = FinetunedName(runner.Name);
        if (runner is TabularRunner t)
        {
            // A convex refit has no epochs to choose: it pools the fold's rows and every fine-tune row.
            var old = Rows(main, [.. fold.Train, .. fold.Validation]);
            return FitPredict(t, name, Concat(old, Rows(oot.Prepared, all)), oot);
        }

        if (runner is LightGbmRunner g)
        {
            // The fold's booster's round count, refitted on its rows plus every fine-tune row (no held-out block to stop on).
            var rounds = Math.Max(1, Booster(g, main, mainTrialDir, fold).BestIteration);
            var options = g.Options(main, seed) with { MaxRounds = rounds, EarlyStoppingRounds = 0 };
            var pooled = Concat(LightGbmRunner.Rows(main, [.. fold.Train, .. fold.Validation]), LightGbmRunner.Rows(oot.Prepared, all));
            var refit = new Kosmo.Models.Boosting.LightGbmClassifier(name, options);
            refit.Fit(pooled);
            return Trees(name, refit, oot);
        }

        var n = (NeuralRunner)runner;
        var prepared = oot.Prepared;
        Directory.CreateDirectory(cellDir);
        var epochs = config.FinetuneEpochs;
        if (validation.Length > 0 && train.Length > 0)
        {
            var held = Windows(prepared, validation, seed, shuffle: false);
            var probe = Restore(n, main, mainTrialDir, fold, prepared);
            var result = Fit(probe, Windows(prepared, train, seed, shuffle: true), held, config, prepared, config.FinetunePatience, epochs, seed, fold, Path.Combine(cellDir, RunLayout.SelectionCheckpointFile), cancel);
            TrainingLogCsv.Write(Path.Combine(cellDir, RunLayout.SelectionLogFile), result.LogRows());
            var zero = Restore(n, main, mainTrialDir, fold, prepared);
            var zeroLoss = ValidationScore.Loss(Predictor.Predict(zero, held), result.ClassWeights);
            epochs = result.BestScore < zeroLoss ? result.BestEpoch : 0;
            AtomicFile.WriteAllText(Path.Combine(cellDir, RunLayout.SelectionLossesFile), string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{zeroLoss:R} {result.BestScore:R}"));
        }

        AtomicFile.WriteAllText(Path.Combine(cellDir, RunLayout.SelectedEpochFile), epochs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var net = Restore(n, main, mainTrialDir, fold, prepared);
        if (epochs > 0)
        {
            var final = Fit(net, Windows(prepared, all, seed, shuffle: true), null, config, prepared, 0, epochs, seed, fold, RunLayout.Checkpoint(cellDir), cancel);
            TrainingLogCsv.Write(RunLayout.TrainingLog(cellDir), final.LogRows());
        }

        return Predict(name, net, oot);
    }

    private static WindowDataset Windows(Prepared prepared, int[] samples, int seed, bool shuffle)
    {
        var options = new DatasetOptions(prepared.Config.Features.Lookback, prepared.Config.Model.Batch, 0.5, false, shuffle, seed);
        var set = new WindowDataset(prepared.Cube, prepared.Labels, prepared.Samples.Select(samples), prepared.Weights, NeuralRunner.StaticInputsOf(prepared), options);
        return set.Count > 0 ? set : throw new InvalidOperationException($"no usable fine-tuning window ({samples.Length} samples before the window filter)");
    }

    private static TrainingResult Fit(ISequenceClassifier net, WindowDataset train, WindowDataset? validation, OotConfig config, Prepared prepared,
        int patience, int epochs, int seed, FoldData fold, string checkpoint, CancellationToken cancel)
    {
        var trainer = new Trainer(new TrainerOptions
        {
            Epochs = epochs,
            LearningRate = config.FinetuneLearningRate,
            WarmupSteps = 0,
            WeightDecay = prepared.Config.Model.WeightDecay,
            MaxGradNorm = prepared.Config.Model.ClipNorm,
            Patience = patience,
            Seed = seed,
            Fold = fold.Index,
            CheckpointPath = checkpoint,
            DataParallel = prepared.Config.Model.DataParallel,
            Precision = prepared.Config.Model.Products,
        });
        return trainer.Fit(net, train, validation, null, cancel);
    }

    /// <summary>The fine-tuned variant's model name.</summary>
    public static string FinetunedName(string model) => model + "+ft";

    private static ISequenceClassifier Restore(NeuralRunner runner, Prepared main, string mainTrialDir, FoldData fold, Prepared prepared)
    {
        var checkpoint = RunLayout.Checkpoint(FoldExecutor.CellDir(mainTrialDir, runner.Name, fold.Index));
        if (!File.Exists(checkpoint))
        {
            throw new InvalidOperationException($"{runner.Name}: no trained model at {checkpoint}");
        }

        var net = runner.Build(prepared, FoldExecutor.CellSeed(main.Config.Seed, runner.Name, fold.Index));
        var tensors = TrainingCheckpoint.Load(checkpoint).Tensors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var p in net.Parameters)
        {
            var source = tensors.GetValueOrDefault("best/" + p.Name) ?? tensors.GetValueOrDefault("param/" + p.Name)
                ?? throw new InvalidOperationException($"{checkpoint} has no weights for parameter '{p.Name}'.");
            source.AsSpan().CopyTo(p.Data);
        }

        return net;
    }

    private static IReadOnlyList<PredictionRecord> Predict(string name, ISequenceClassifier net, OotData oot)
    {
        var prepared = oot.Prepared;
        var options = new DatasetOptions(prepared.Config.Features.Lookback, prepared.Config.Model.Batch, 0.5, false, Shuffle: false);
        var test = new WindowDataset(prepared.Cube, prepared.Labels, prepared.Samples.Select(oot.Test), null, NeuralRunner.StaticInputsOf(prepared), options);
        using var precision = Kosmo.Tensors.MixedPrecision.Scope(prepared.Config.Model.Products);
        return test.Count == 0 ? [] : Predictor.Predict(net, test).ToRecords(name, prepared.Panel.Dates, prepared.Panel.Codes);
    }

    private static IReadOnlyList<PredictionRecord> FitPredict(TabularRunner runner, string name, TabularSet train, OotData oot)
    {
        var classes = oot.Prepared.Labels.ClassCount;
        var model = runner.Create(classes);
        model.Fit(train);
        var test = Rows(oot.Prepared, oot.Test);
        return ClassifierPredictions.ToRecords(name, test, model.PredictProba(test), classes);
    }

    private static TabularSet Rows(Prepared prepared, int[] samples) => TabularRunner.Rows(prepared, samples);

    /// <summary>The fold's saved booster (the main run's cell folder; fitted there first if the file is missing).</summary>
    private static Kosmo.Models.Boosting.LightGbmClassifier Booster(LightGbmRunner runner, Prepared main, string mainTrialDir, FoldData fold) =>
        runner.FitOrLoad(main, fold with { Seed = FoldExecutor.CellSeed(main.Config.Seed, runner.Name, fold.Index) }, FoldExecutor.CellDir(mainTrialDir, runner.Name, fold.Index), _ => { });

    private static IReadOnlyList<PredictionRecord> Trees(string name, Kosmo.Models.Boosting.LightGbmClassifier model, OotData oot)
    {
        var test = LightGbmRunner.Rows(oot.Prepared, oot.Test);
        return ClassifierPredictions.ToRecords(name, test, model.PredictProba(test), model.Classes);
    }

    private static TabularSet Concat(TabularSet a, TabularSet b) =>
        new(a.FeatureNames, [.. a.Features, .. b.Features], [.. a.Labels, .. b.Labels], [.. a.Weights, .. b.Weights], [.. a.Dates, .. b.Dates], [.. a.Codes, .. b.Codes]);
}
