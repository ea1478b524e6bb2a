using System.Diagnostics;
using System.Globalization;
using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Optim;

namespace Kosmo.Models.Training;

/// <summary>
/// Trains any <see cref="ISequenceClassifier"/> on a <see cref="WindowDataset"/>: AdamW, linear warm-up then cosine
/// learning rate, gradient clipping by global norm, weighted cross-entropy (balanced class weights × the batch's sample
/// weights) plus <see cref="IAuxiliaryLoss.AuxiliaryLoss"/> when the model has one, early stopping on validation loss or
/// macro F1 with the best epoch's weights restored, a checkpoint after every epoch and resume from it.
/// Each step runs in a <see cref="TensorArena"/> scope. Reproducible at a fixed <see cref="TensorThreads.Count"/>: the
/// data order comes from the dataset's (seed, epoch) shuffle and dropout from a <see cref="Random"/> seeded by
/// (<see cref="TrainerOptions.Seed"/>, epoch), so a resumed run ends with the same weights, bit for bit, as an
/// uninterrupted one.
/// </summary>
public sealed class Trainer
{
    private readonly TrainerOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public Trainer(TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options.</summary>
    public TrainerOptions Options => _options;

    /// <summary>
    /// Trains <paramref name="model"/> in place. With a validation set the model ends with the best epoch's weights;
    /// without one, with the last epoch's. When <see cref="TrainerOptions.CheckpointPath"/> exists the run resumes there.
    /// </summary>
    /// <param name="model">The model (its parameters are updated in place).</param>
    /// <param name="train">Training samples (shuffled per epoch by the dataset's own seed).</param>
    /// <param name="validation">Validation samples, or null (no early stopping).</param>
    /// <param name="progress">Progress sink (called on the training thread), or null.</param>
    /// <param name="cancellation">Checked before every batch; the last checkpoint stays valid.</param>
    /// <exception cref="ArgumentException">An empty training set, or labels outside [0, C).</exception>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt or belongs to another model/options/data.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite, or bf16 precision is unavailable here.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public TrainingResult Fit(ISequenceClassifier model, WindowDataset train, WindowDataset? validation, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException($"Training {model.Name}: the training set has no samples.", nameof(train));
        }

        // Products in the configured precision (bf16: the VDPBF16PS kernels; weights, optimizer state, losses stay fp32).
        using var precision = MixedPrecision.Scope(_options.Precision);
        var parameters = model.Parameters;
        var classes = model.Classes;
        var classWeights = _options.BalancedClassWeights ? ClassWeights.Balanced(ClassWeights.Counts(train, classes)) : null;
        var optimizer = new AdamW(parameters, _options.LearningRate, weightDecay: _options.WeightDecay);
        var batches = train.BatchesPerEpoch;
        var totalSteps = _options.Epochs * batches;
        var schedule = LearningRateSchedule.Warmup(
            LearningRateSchedule.Cosine(_options.LearningRate, Math.Max(1, totalSteps - 1), _options.MinLearningRate), _options.WarmupSteps);
        var stopper = new EarlyStopper(_options.EarlyStopping, _options.Patience, _options.MinDelta);
        var history = new List<EpochRecord>();
        var best = parameters.Select(p => p.ToArray()).ToArray();
        var fingerprint = Fingerprint(model, train, validation);
        var start = 0;
        var path = _options.CheckpointPath;
        if (path is not null && File.Exists(path))
        {
            start = Restore(TrainingCheckpoint.Load(path), path, fingerprint, parameters, optimizer, best, stopper, history);
        }

        var hasValidation = validation is { Count: > 0 };
        var batch = train.CreateBatch();
        var step = TrainingStep.For(model, classWeights, _options.DataParallel);
        var targets = new Dictionary<int, (int[] Y, float[] W)>();
        for (var epoch = start; epoch < _options.Epochs && !stopper.Stopped; epoch++)
        {
            var rng = new Random(EpochSeed(_options.Seed, epoch));
            var order = train.EpochOrder(epoch);
            double lossSum = 0;
            long seen = 0;
            var lr = optimizer.LearningRate;
            var clock = Stopwatch.StartNew();
            for (var b = 0; b < batches; b++)
            {
                cancellation.ThrowIfCancellationRequested();
                var count = train.Fill(order, b, batch);
                var (y, w) = Targets(batch, count, targets);
                lr = schedule.Rate(optimizer.StepCount);
                optimizer.LearningRate = lr;
                float loss;
                using (TensorArena.Scope())
                {
                    optimizer.ZeroGrad();
                    loss = step.Run(batch, count, y, w, rng);
                    if (!float.IsFinite(loss))
                    {
                        throw new InvalidOperationException($"Training {model.Name}: loss is {loss} at epoch {epoch + 1}, batch {b + 1}.");
                    }

                    if (_options.MaxGradNorm > 0)
                    {
                        GradClip.ClipByGlobalNorm(parameters, _options.MaxGradNorm);
                    }

                    optimizer.Step();
                }

                lossSum += (double)loss * count;
                seen += count;
                if (progress is not null && ((b + 1) % _options.ProgressEveryBatches == 0) && b + 1 < batches)
                {
                    progress.Report(new TrainingProgress(model.Name, _options.Fold, epoch + 1, _options.Epochs, b + 1, batches,
                        lossSum / seen, seen / Math.Max(1e-9, clock.Elapsed.TotalSeconds), lr, false, double.NaN, double.NaN));
                }
            }

            var speed = seen / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            double valLoss = double.NaN, valF1 = double.NaN;
            if (hasValidation)
            {
                var predictions = Predictor.Predict(model, validation!);
                valLoss = ValidationScore.Loss(predictions, classWeights);
                valF1 = ValidationScore.MacroF1(predictions);
            }

            var record = new EpochRecord(epoch + 1, lossSum / seen, valLoss, valF1, lr, speed);
            history.Add(record);
            if (!hasValidation || stopper.Update(record))
            {
                for (var i = 0; i < parameters.Count; i++)
                {
                    parameters[i].Span.CopyTo(best[i]);
                }

                if (!hasValidation)
                {
                    stopper.BestEpoch = record.Epoch;
                }
            }

            if (path is not null)
            {
                Save(path, model, fingerprint, epoch + 1, optimizer, best, stopper, history);
            }

            progress?.Report(new TrainingProgress(model.Name, _options.Fold, epoch + 1, _options.Epochs, batches, batches,
                record.TrainLoss, speed, lr, true, valLoss, valF1));
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            best[i].CopyTo(parameters[i].Span);
        }

        return new TrainingResult(model.Name, _options.Fold, history, stopper.BestEpoch, stopper.BestScore, stopper.Stopped && history.Count < _options.Epochs, start, classWeights);
    }

    /// <summary>The dropout seed of an epoch (SplitMix64 finaliser of seed and epoch).</summary>
    internal static int EpochSeed(int seed, int epoch)
    {
        var z = ((ulong)(uint)seed << 32) + (ulong)(uint)epoch + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    private static (int[] Y, float[] W) Targets(WindowBatch batch, int count, Dictionary<int, (int[] Y, float[] W)> cache)
    {
        if (count == batch.BatchSize)
        {
            return (batch.Labels, batch.Weights);
        }

        if (!cache.TryGetValue(count, out var arrays))
        {
            cache[count] = arrays = (new int[count], new float[count]);
        }

        batch.Labels.AsSpan(0, count).CopyTo(arrays.Y);
        batch.Weights.AsSpan(0, count).CopyTo(arrays.W);
        return arrays;
    }

    private string Fingerprint(ISequenceClassifier model, WindowDataset train, WindowDataset? validation)
    {
        var o = _options;
        var shapes = string.Join(";", model.Parameters.Select(p => p.Name + ":" + string.Join("x", p.Shape)));
        return string.Create(CultureInfo.InvariantCulture,
            $"model={model.Name};classes={model.Classes};train={train.Count};val={validation?.Count ?? -1};epochs={o.Epochs};lr={o.LearningRate:R};" +
            $"min_lr={o.MinLearningRate:R};warmup={o.WarmupSteps};wd={o.WeightDecay:R};clip={o.MaxGradNorm:R};balanced={o.BalancedClassWeights};" +
            $"stop={o.EarlyStopping};patience={o.Patience};min_delta={o.MinDelta:R};seed={o.Seed};fold={o.Fold};threads={TensorThreads.Count};" +
            $"replicas={TrainingStep.For(model, null, o.DataParallel).ReplicaCount};params={shapes}") +
            (o.Precision == Precision.Fp32 ? "" : ";precision=" + o.Precision);
    }

    private void Save(string path, ISequenceClassifier model, string fingerprint, int completed, Optimizer optimizer, float[][] best, EarlyStopper stopper, List<EpochRecord> history)
    {
        var tensors = new List<KeyValuePair<string, float[]>>();
        var ps = model.Parameters;
        for (var i = 0; i < ps.Count; i++)
        {
            tensors.Add(new("param/" + ps[i].Name, ps[i].ToArray()));
            tensors.Add(new("best/" + ps[i].Name, best[i]));
        }

        tensors.AddRange(optimizer.StateBuffers());
        var header = new CheckpointHeader(model.Name, _options.Fold, fingerprint, completed, optimizer.StepCount, stopper.BestEpoch,
            stopper.BestScore, stopper.EpochsWithoutImprovement, stopper.Stopped, history.ToArray());
        new TrainingCheckpoint(header, tensors).Save(path);
    }

    private static int Restore(TrainingCheckpoint checkpoint, string path, string fingerprint, IReadOnlyList<Parameter> parameters, Optimizer optimizer,
        float[][] best, EarlyStopper stopper, List<EpochRecord> history)
    {
        var h = checkpoint.Header;
        if (h.Fingerprint != fingerprint)
        {
            throw new InvalidDataException($"Checkpoint {path} was written for another run: it has '{h.Fingerprint}', this run is '{fingerprint}'. Delete it to start afresh.");
        }

        var stored = checkpoint.Tensors.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var targets = new List<KeyValuePair<string, float[]>>();
        for (var i = 0; i < parameters.Count; i++)
        {
            targets.Add(new("param/" + parameters[i].Name, parameters[i].Data));
            targets.Add(new("best/" + parameters[i].Name, best[i]));
        }

        targets.AddRange(optimizer.StateBuffers());
        var problems = targets.Where(t => !stored.TryGetValue(t.Key, out var v) || v.Length != t.Value.Length).Select(t => t.Key).ToList();
        problems.AddRange(stored.Keys.Except(targets.Select(t => t.Key)));
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Checkpoint {path} does not match the model/optimizer: missing, mis-sized or unexpected tensors {string.Join(", ", problems)}.");
        }

        foreach (var (name, target) in targets)
        {
            stored[name].CopyTo(target, 0);
        }

        optimizer.RestoreStepCount(h.StepCount);
        stopper.BestEpoch = h.BestEpoch;
        stopper.BestScore = h.BestScore;
        stopper.EpochsWithoutImprovement = h.EpochsWithoutImprovement;
        stopper.Stopped = h.Stopped;
        history.AddRange(h.History);
        return h.CompletedEpochs;
    }
}
