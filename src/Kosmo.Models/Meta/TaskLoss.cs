using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;

namespace Kosmo.Models.Meta;

/// <summary>The meta-learning objective of one batch: sample-weighted cross-entropy + the model's auxiliary loss.</summary>
internal static class TaskLoss
{
    /// <summary>Scalar loss of the valid rows of <paramref name="batch"/>.</summary>
    public static Tensor Compute(ISequenceClassifier model, WindowBatch batch, bool training, Random rng)
    {
        var n = batch.Count;
        var logits = model.Forward(batch, training, rng);
        var loss = Ops.CrossEntropy(logits, batch.Labels.AsSpan(0, n).ToArray(), null, batch.Weights.AsSpan(0, n).ToArray());
        return model is IAuxiliaryLoss { AuxiliaryLoss: { } aux } ? Ops.Add(loss, aux) : loss;
    }
}
