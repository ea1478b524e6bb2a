using Kosmo.Core.IO;
using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Models.RunFolder;
using Kosmo.Models.Tft;
using Kosmo.Models.Training;
using Kosmo.Tensors;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// Trains a window model (TFT-Lite, LSTM, Transformer, MLP, ...) with the generic <see cref="Trainer"/> on a fold,
/// checkpointing every epoch into the cell folder, and predicts the fold's test windows in no-grad mode. For TFT-Lite
/// the interpretation (attention by lag, temporal and static variable weights) is averaged over the test set and
/// written beside the predictions.
/// </summary>
internal sealed class NeuralRunner(string name, Config.ModelConfig model, Func<NeuralInputs, ISequenceClassifier> factory, IRunProgress progress) : IModelRunner
{
    public string Name => name;

    public IReadOnlyList<PredictionRecord> Run(Prepared prepared, FoldData fold, string cellDir, Action<string> status, CancellationToken cancel)
    {
        var (train, validation) = Windows(prepared, fold);
        var options = new DatasetOptions(prepared.Config.Features.Lookback, model.Batch, 0.5, false, false, fold.Seed);
        var test = new WindowDataset(prepared.Cube, prepared.Labels, prepared.Samples.Select(fold.Test), null, StaticInputsOf(prepared), options);
        if (train.Count == 0 || test.Count == 0)
        {
            status($"{name} fold {fold.Name}: no usable windows (train {train.Count}, test {test.Count}); skipped");
            return [];
        }

        var (net, _) = Train(prepared, fold, train, validation, cellDir, status, cancel);
        using var precision = MixedPrecision.Scope(model.Products);
        return Predict(prepared, net, test, cellDir);
    }

    /// <summary>
    /// Trains a fresh network on the training windows, early-stopping on the validation windows (none: every epoch),
    /// checkpointing every epoch into <paramref name="cellDir"/>/checkpoint.bin (a rerun resumes from it). The network
    /// returned holds the best epoch's weights.
    /// </summary>
    public (ISequenceClassifier Net, TrainingResult Result) Train(Prepared prepared, FoldData fold, WindowDataset train, WindowDataset? validation, string cellDir, Action<string> status, CancellationToken cancel)
    {
        var inputs = new NeuralInputs(prepared.Cube.FeatureCount, [.. StaticCardinalities(prepared)], fold.Seed, model, prepared.Labels.ClassCount);
        var net = factory(inputs);
        Directory.CreateDirectory(cellDir);
        var trainer = new Trainer(new TrainerOptions
        {
            Epochs = model.Epochs,
            LearningRate = model.LearningRate,
            WarmupSteps = model.WarmupSteps,
            WeightDecay = model.WeightDecay,
            MaxGradNorm = model.ClipNorm,
            Patience = model.Patience,
            Seed = fold.Seed,
            Fold = fold.Index,
            CheckpointPath = RunLayout.Checkpoint(cellDir),
            ProgressEveryBatches = 1,
            DataParallel = model.DataParallel,
            Precision = model.Products,
        });
        var report = new SynchronousProgress<TrainingProgress>(p =>
        {
            // Called after every batch: a cheap point to keep dead tensor buffers from piling up (see MemoryGovernor).
            MemoryGovernor.MaybeCollect();
            progress.Training(name, p.Epoch, p.Epochs, p.EpochEnd || p.Batches == 0 ? 1 : p.Batch / (double)p.Batches, p.Loss, p.SamplesPerSecond);
        });
        var result = trainer.Fit(net, train, validation, report, cancel);
        TrainingLogCsv.Write(RunLayout.TrainingLog(cellDir), result.LogRows());
        if (result.ResumedFromEpoch > 0)
        {
            status($"{name} fold {fold.Name}: resumed from the checkpoint after epoch {result.ResumedFromEpoch}");
        }

        status($"{name} fold {fold.Name}: best epoch {result.BestEpoch} of {result.History.Count}, validation loss {result.BestScore:F4}");
        return (net, result);
    }

    /// <summary>The training and validation windows of a fold (validation null when it has no samples).</summary>
    public (WindowDataset Train, WindowDataset? Validation) Windows(Prepared prepared, FoldData fold)
    {
        var statics = StaticInputsOf(prepared);
        var options = new DatasetOptions(prepared.Config.Features.Lookback, model.Batch, 0.5, false, true, fold.Seed);
        var train = new WindowDataset(prepared.Cube, prepared.Labels, prepared.Samples.Select(fold.Train), prepared.Weights, statics, options);
        var validation = fold.Validation.Length > 0
            ? new WindowDataset(prepared.Cube, prepared.Labels, prepared.Samples.Select(fold.Validation), prepared.Weights, statics, options with { Shuffle = false })
            : null;
        return (train, validation);
    }

    private List<PredictionRecord> Predict(Prepared prepared, ISequenceClassifier net, WindowDataset test, string cellDir)
    {
        var rows = new List<PredictionRecord>(test.Count);
        var tft = net as TftLite;
        var summary = tft is null ? null : new TftInterpretationSummary(prepared.Cube.FeatureCount, tft.Options.StaticCount);
        var buffer = test.CreateBatch();
        // TFT-Lite runs whole batches so that its interpretation covers every row; the others as data-parallel replicas.
        var predictor = new BatchPredictor(net, dataParallel: tft is null && prepared.Config.Model.DataParallel);
        var probs = new float[buffer.BatchSize * net.Classes];
        var C = net.Classes;
        foreach (var batch in test.Batches(0, buffer))
        {
            predictor.Run(batch, batch.Count, probs, 0);
            for (var r = 0; r < batch.Count; r++)
            {
                var t = batch.DateIndex[r];
                var i = batch.CodeIndex[r];
                rows.Add(C == 3
                    ? new PredictionRecord(prepared.Panel.Dates[t], prepared.Panel.Codes[i], name, probs[r * C], probs[r * C + 1], probs[r * C + 2])
                    : PredictionRecord.FromClasses(prepared.Panel.Dates[t], prepared.Panel.Codes[i], name, probs.AsSpan(r * C, C)));
            }

            if (tft is not null)
            {
                summary!.Add(tft.LastInterpretation);
            }

            MemoryGovernor.MaybeCollect();
        }

        if (tft is not null && summary!.Samples > 0)
        {
            TftInterpretationCsv.WriteAttention(RunLayout.Attention(cellDir), name, summary.AttentionByLag());
            TftInterpretationCsv.WriteVariableImportance(RunLayout.VariableImportance(cellDir), name, prepared.Cube.Names, summary.TemporalImportance(), StaticNames, summary.StaticImportance());
        }

        return rows;
    }

    /// <summary>The static variables fed to every window model: market and KOSDAQ section (Dept).</summary>
    public static readonly string[] StaticNames = ["market", "dept"];

    private static IEnumerable<int> StaticCardinalities(Prepared prepared) => StaticNames.Select(n => prepared.Statics.Cardinalities[n]);

    /// <summary>Builds this runner's model for a prepared panel with the given seed (weights then come from a checkpoint or training).</summary>
    public ISequenceClassifier Build(Prepared prepared, int seed) =>
        factory(new NeuralInputs(prepared.Cube.FeatureCount, [.. StaticCardinalities(prepared)], seed, model, prepared.Labels.ClassCount));

    /// <summary>Static inputs per code (market, dept), as every window model of a run sees them.</summary>
    public static StaticInputs StaticInputsOf(Prepared prepared)
    {
        var n = prepared.Panel.CodeCount;
        var cat = new int[n * 2];
        for (var i = 0; i < n; i++)
        {
            cat[i * 2] = prepared.Statics.Market[i];
            cat[i * 2 + 1] = prepared.Statics.Dept[i];
        }

        return new StaticInputs(n, cat, 2, [], 0).WithDatedCategory(0, prepared.Statics.MarketChanges);
    }
}
