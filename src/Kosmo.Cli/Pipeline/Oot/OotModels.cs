using Kosmo.Cli.Config;
using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Models.RunFolder;
using Kosmo.Models.Training;

namespace Kosmo.Cli.Pipeline.Oot;

/// <summary>
/// The out-of-time predictions of one model of the run, trained by the last walk-forward fold:
/// <list type="bullet">
/// <item>window models (<see cref="NeuralRunner"/>): the fold's best-epoch weights from its checkpoint predict the OOT
/// test windows (zero-shot, name MODEL); a copy of those weights is trained further on the fine-tune training samples
/// with a fresh AdamW (cosine schedule from <c>oot.finetune_learning_rate</c>, no warm-up), early-stopped on the held-out
/// latest block of the fine-tune window, and predicts the same windows (MODEL+ft); when no fine-tuned epoch has a lower
/// validation loss than the zero-shot weights, MODEL+ft keeps the zero-shot weights (selected epoch 0, written to the
/// cell's <c>selected_epoch</c>);</item>
/// <item>row models (<see cref="TabularRunner"/>: logistic, momentum rules): refitted on the fold's training and
/// validation rows, which reproduces the fold's model exactly (deterministic fits), for zero-shot; and refitted on
/// those rows plus the fine-tune rows of the OOT panel for MODEL+ft (a convex model has no "continued training":
/// the pooled refit is its fine-tuning).</item>
/// </list>
/// Other runners (lstm_reptile) are not supported and are skipped by the caller.
/// </summary>
internal static class OotModels
{
    /// <summary>Zero-shot predictions of the OOT test samples.</summary>
    /// <exception cref="InvalidOperationException">The fold's checkpoint is missing.</exception>
    public static IReadOnlyList<PredictionRecord> ZeroShot(IModelRunner runner, RunContext main, FoldData fold, OotData oot) => runner switch
    {
        NeuralRunner n => Predict(n.Name, Restore(n, main, fold, oot.Context), oot),
        TabularRunner t => FitPredict(t, t.Name, Rows(main, [.. fold.Train, .. fold.Validation]), oot),
        _ => throw new ArgumentException($"{runner.Name}: not supported by the out-of-time step", nameof(runner)),
    };

    /// <summary>Fine-tuned predictions (name MODEL+ft); <paramref name="cellDir"/> holds the fine-tuning checkpoint (resume).</summary>
    /// <param name="runner">The model's runner.</param>
    /// <param name="main">The main run (its last fold's checkpoints).</param>
    /// <param name="fold">The last walk-forward fold.</param>
    /// <param name="oot">The OOT panel and samples.</param>
    /// <param name="config">The <c>oot:</c> settings.</param>
    /// <param name="samples">Fine-tune training samples (OOT context indices).</param>
    /// <param name="validation">Held-out fine-tune samples (later dates, purged from <paramref name="samples"/>); empty = none.</param>
    /// <param name="cellDir">The cell folder (checkpoint, training log, selected epoch).</param>
    /// <param name="seed">Training seed.</param>
    /// <param name="cancel">Cancellation.</param>
    public static IReadOnlyList<PredictionRecord> Finetuned(IModelRunner runner, RunContext main, FoldData fold, OotData oot, OotConfig config, int[] samples, int[] validation, string cellDir, int seed, CancellationToken cancel)
    {
        var name = FinetunedName(runner.Name);
        if (runner is TabularRunner t)
        {
            // A convex refit has no epochs to choose: it pools every fine-tune row (training and held-out).
            var old = Rows(main, [.. fold.Train, .. fold.Validation]);
            return FitPredict(t, name, Concat(old, Rows(oot.Context, [.. samples, .. validation])), oot);
        }

        var n = (NeuralRunner)runner;
        var ctx = oot.Context;
        var m = ctx.Config.Model;
        var net = Restore(n, main, fold, ctx);
        var options = new DatasetOptions(ctx.Config.Features.Lookback, m.Batch, 0.5, false, true, seed);
        var train = new WindowDataset(ctx.Cube, ctx.Labels, ctx.Samples.Select(samples), ctx.Weights, NeuralRunner.StaticInputsOf(ctx), options);
        if (train.Count == 0)
        {
            throw new InvalidOperationException($"{name}: no usable fine-tuning window ({samples.Length} samples before the window filter)");
        }

        var held = validation.Length > 0
            ? new WindowDataset(ctx.Cube, ctx.Labels, ctx.Samples.Select(validation), ctx.Weights, NeuralRunner.StaticInputsOf(ctx), options with { Shuffle = false })
            : null;
        Directory.CreateDirectory(cellDir);
        var trainer = new Trainer(new TrainerOptions
        {
            Epochs = config.FinetuneEpochs,
            LearningRate = config.FinetuneLearningRate,
            WarmupSteps = 0,
            WeightDecay = m.WeightDecay,
            MaxGradNorm = m.ClipNorm,
            Patience = held is { Count: > 0 } ? config.FinetunePatience : 0,
            Seed = seed,
            Fold = fold.Index,
            CheckpointPath = Path.Combine(cellDir, "checkpoint.bin"),
        });
        var result = trainer.Fit(net, train, held, null, cancel);
        TrainingLogCsv.Write(Path.Combine(cellDir, "training_log.csv"), result.LogRows());
        var selected = result.BestEpoch;
        if (held is { Count: > 0 })
        {
            // Epoch 0 is a candidate too: the zero-shot weights, scored on the same held-out block with the same class weights.
            var zero = Restore(n, main, fold, ctx);
            var zeroLoss = ValidationScore.Loss(Predictor.Predict(zero, held), result.ClassWeights);
            if (!(result.BestScore < zeroLoss))
            {
                net = zero;
                selected = 0;
            }
        }

        File.WriteAllText(Path.Combine(cellDir, "selected_epoch"), selected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Predict(name, net, oot);
    }

    /// <summary>The fine-tuned variant's model name.</summary>
    public static string FinetunedName(string model) => model + "+ft";

    private static ISequenceClassifier Restore(NeuralRunner runner, RunContext main, FoldData fold, RunContext ctx)
    {
        var checkpoint = Path.Combine(FoldExecutor.CellDir(main, runner.Name, fold.Index), "checkpoint.bin");
        if (!File.Exists(checkpoint))
        {
            throw new InvalidOperationException($"{runner.Name}: no trained model at {checkpoint}");
        }

        var net = runner.Build(ctx, FoldExecutor.CellSeed(main.Config.Seed, runner.Name, fold.Index));
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
        var ctx = oot.Context;
        var options = new DatasetOptions(ctx.Config.Features.Lookback, ctx.Config.Model.Batch, 0.5, false, Shuffle: false);
        var test = new WindowDataset(ctx.Cube, ctx.Labels, ctx.Samples.Select(oot.Test), null, NeuralRunner.StaticInputsOf(ctx), options);
        return test.Count == 0 ? [] : Predictor.Predict(net, test).ToRecords(name, ctx.Panel.Dates, ctx.Panel.Codes);
    }

    private static IReadOnlyList<PredictionRecord> FitPredict(TabularRunner runner, string name, TabularSet train, OotData oot)
    {
        var model = runner.Create();
        model.Fit(train);
        var test = Rows(oot.Context, oot.Test);
        return ClassifierPredictions.ToRecords(name, test, model.PredictProba(test));
    }

    private static TabularSet Rows(RunContext ctx, int[] samples) => TabularRunner.Rows(ctx, samples);

    private static TabularSet Concat(TabularSet a, TabularSet b) =>
        new(a.FeatureNames, [.. a.Features, .. b.Features], [.. a.Labels, .. b.Labels], [.. a.Weights, .. b.Weights], [.. a.Dates, .. b.Dates], [.. a.Codes, .. b.Codes]);
}
