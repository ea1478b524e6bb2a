namespace Kosmo.Models.Abstractions;

/// <summary>
/// A classifier whose <see cref="ISequenceClassifier.Forward"/> (and its backward) may run concurrently on disjoint
/// sub-batches inside <see cref="Kosmo.Tensors.Replicas.Run"/>: every per-call buffer it keeps is keyed by
/// <see cref="Kosmo.Tensors.Replicas.Index"/>, and its rows are independent (no batch statistics). The trainer
/// then splits each minibatch over the tensor threads (see <see cref="Training.TrainingStep"/>).
/// </summary>
public interface IReplicable : ISequenceClassifier
{
}
