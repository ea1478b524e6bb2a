using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;

namespace Kosmo.Models.Training;

/// <summary>
/// The forward and backward of one training minibatch as the <see cref="Trainer"/> runs it: weighted cross-entropy
/// (class weights × the batch's sample weights) plus the model's auxiliary loss, gradients accumulated into the
/// parameters (zero them first). With <see cref="ReplicaCount"/> R &gt; 1 (an <see cref="IReplicable"/> model without an
/// auxiliary loss, <see cref="TensorThreads.Count"/> ≥ 2, chosen by <see cref="For"/>) the batch is cut into R
/// contiguous slices run as data-parallel replicas (<see cref="Replicas.Run"/>): each replica's loss is its share
/// Σ over its rows / Σ over the whole batch, so the shares add up to the whole batch's loss and the summed gradients
/// equal the whole batch's up to float rounding. Dropout masks come from one <see cref="Random"/> per replica seeded
/// from the caller's stream, so a run is reproducible at a fixed thread count.
/// </summary>
public sealed class TrainingStep
{
    private readonly ISequenceClassifier _model;
    private readonly float[]? _classWeights;
    private readonly Slot[] _slots;
    private double[] _replicaMs = [];

    private TrainingStep(ISequenceClassifier model, float[]? classWeights, int replicas)
    {
        _model = model;
        _classWeights = classWeights;
        ReplicaCount = replicas;
        _slots = new Slot[replicas];
    }

    /// <summary>Replicas per step (1: the whole batch on the calling thread with parallel kernels).</summary>
    public int ReplicaCount { get; }

    /// <summary>Wall milliseconds of each replica's body in the last data-parallel <see cref="Run"/> (diagnostics).</summary>
    public IReadOnlyList<double> LastReplicaMilliseconds => _replicaMs;

    /// <summary>
    /// A step for <paramref name="model"/>: R = <see cref="TensorThreads.Count"/> replicas (at most
    /// <see cref="Replicas.Max"/>) when <paramref name="dataParallel"/>, the model is <see cref="IReplicable"/> and
    /// has no auxiliary loss, else 1.
    /// </summary>
    public static TrainingStep For(ISequenceClassifier model, float[]? classWeights, bool dataParallel = true, int? replicas = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var r = dataParallel && model is IReplicable && model is not IAuxiliaryLoss ? Math.Clamp(replicas ?? Replicas.ForThreads, 1, Replicas.Max) : 1;
        return new TrainingStep(model, classWeights, r);
    }

    /// <summary>
    /// Forward and backward on the first <paramref name="count"/> rows of <paramref name="batch"/>; returns the loss.
    /// <paramref name="labels"/> and <paramref name="weights"/> hold exactly <paramref name="count"/> entries. Must run
    /// inside a <see cref="TensorArena"/> scope; parameter gradients accumulate. A non-finite loss is returned as it
    /// is (the caller decides); when R = 1 the tape is then cleared without a backward.
    /// </summary>
    public float Run(WindowBatch batch, int count, int[] labels, float[] weights, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(rng);
        var replicas = Replicas.For(count, ReplicaCount);
        if (replicas == 1)
        {
            var logits = _model.Forward(batch, training: true, rng);
            var objective = Ops.CrossEntropy(logits, labels, _classWeights, weights);
            if (_model is IAuxiliaryLoss { AuxiliaryLoss: { } aux })
            {
                objective = Ops.Add(objective, aux);
            }

            var loss = objective.Item();
            if (!float.IsFinite(loss))
            {
                Tape.Clear();
                return loss;
            }

            objective.Backward();
            return loss;
        }

        var normalizer = Ops.CrossEntropyNormalizer(labels, _classWeights, weights, 0, count);
        var losses = new float[replicas];
        var ms = _replicaMs.Length == replicas ? _replicaMs : _replicaMs = new double[replicas];
        for (var r = 0; r < replicas; r++)
        {
            var (start, end) = Replicas.Slice(count, replicas, r);
            (_slots[r] ??= new Slot()).Prepare(batch, end - start, rng.Next());
        }

        Replicas.Run(_model.Parameters, replicas, r =>
        {
            var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            var (start, end) = Replicas.Slice(count, replicas, r);
            var slot = _slots[r];
            batch.CopyRowsTo(start, end - start, slot.Batch!);
            labels.AsSpan(start, end - start).CopyTo(slot.Labels);
            weights.AsSpan(start, end - start).CopyTo(slot.Weights);
            var logits = _model.Forward(slot.Batch!, training: true, slot.Rng!);
            var share = Ops.CrossEntropy(logits, slot.Labels, _classWeights, slot.Weights, normalizer);
            losses[r] = share.Item();
            share.Backward();
            ms[r] = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        });

        var total = 0f;
        foreach (var l in losses)
        {
            total += l;
        }

        return total;
    }

    // One replica's sub-batch buffers and dropout stream.
    private sealed class Slot
    {
        public WindowBatch? Batch { get; private set; }

        public int[] Labels { get; private set; } = [];

        public float[] Weights { get; private set; } = [];

        public Random? Rng { get; private set; }

        public void Prepare(WindowBatch like, int rows, int seed)
        {
            if (Batch is null || Batch.BatchSize < rows || !Batch.HasLayoutOf(like))
            {
                Batch = like.CreateLike(rows);
            }

            if (Labels.Length != rows)
            {
                Labels = new int[rows];
                Weights = new float[rows];
            }

            Rng = new Random(seed);
        }
    }
}
