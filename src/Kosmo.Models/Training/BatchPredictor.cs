using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;

namespace Kosmo.Models.Training;

/// <summary>
/// Softmax probabilities of one batch in evaluation mode (no gradients, no dropout), inside a <see cref="NoGrad"/> and
/// a <see cref="TensorArena"/> scope. With <see cref="ReplicaCount"/> R &gt; 1 (an <see cref="IReplicable"/> model,
/// <see cref="TensorThreads.Count"/> ≥ 2, data parallelism allowed) the batch is cut into R contiguous slices run as
/// replicas, each thread with serial kernels. Rows are independent and every kernel's per-row arithmetic is the same
/// at any split, so the probabilities are bit-identical to the whole batch's (tested).
/// </summary>
public sealed class BatchPredictor
{
    private readonly ISequenceClassifier _model;
    private readonly WindowBatch?[] _slots;

    /// <summary>A predictor for <paramref name="model"/>; <paramref name="dataParallel"/> false always runs whole batches.</summary>
    public BatchPredictor(ISequenceClassifier model, bool dataParallel = true)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        ReplicaCount = dataParallel && model is IReplicable ? Replicas.ForThreads : 1;
        _slots = new WindowBatch?[ReplicaCount];
    }

    /// <summary>Replicas per batch (1: the whole batch on the calling thread with parallel kernels).</summary>
    public int ReplicaCount { get; }

    /// <summary>
    /// Writes the probabilities of the first <paramref name="count"/> rows of <paramref name="batch"/> into
    /// <paramref name="probs"/> from row <paramref name="row"/> on (C values a row).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model returned logits of the wrong shape.</exception>
    public void Run(WindowBatch batch, int count, float[] probs, long row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(probs);
        var replicas = Replicas.For(count, ReplicaCount);
        if (replicas == 1)
        {
            using (NoGrad.Scope())
            using (TensorArena.Scope())
            {
                Copy(_model.Forward(batch, training: false, new Random(0)), count, probs, row);
            }

            return;
        }

        for (var r = 0; r < replicas; r++)
        {
            var (start, end) = Replicas.Slice(count, replicas, r);
            if (_slots[r] is not { } slot || slot.BatchSize < end - start || !slot.HasLayoutOf(batch))
            {
                _slots[r] = batch.CreateLike(end - start);
            }
        }

        Replicas.Run([], replicas, r =>
        {
            var (start, end) = Replicas.Slice(count, replicas, r);
            var slot = _slots[r]!;
            batch.CopyRowsTo(start, end - start, slot);
            using (NoGrad.Scope())
            {
                Copy(_model.Forward(slot, training: false, new Random(0)), end - start, probs, row + start);
            }
        });
    }

    private void Copy(Tensor logits, int count, float[] probs, long row)
    {
        var c = _model.Classes;
        if (logits.Rank != 2 || logits.Dim(0) != count || logits.Dim(1) != c)
        {
            throw new InvalidOperationException($"{_model.Name} returned logits {string.Join('x', logits.Shape)} for a batch of {count} and {c} classes.");
        }

        Ops.Softmax(logits).Span.CopyTo(probs.AsSpan((int)(row * c), count * c));
    }
}
