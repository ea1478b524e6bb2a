using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Training;

/// <summary>Wraps a model and exposes strength · Σ w² of its "*.head.weight" as the auxiliary loss.</summary>
internal sealed class PenalisedModel(ISequenceClassifier inner, float strength) : ISequenceClassifier, IAuxiliaryLoss
{
    public string Name => inner.Name;

    public int Classes => inner.Classes;

    public IReadOnlyList<Parameter> Parameters => inner.Parameters;

    public Tensor? AuxiliaryLoss { get; private set; }

    public static double HeadNorm(ISequenceClassifier model) =>
        Math.Sqrt(model.Parameters.Single(p => p.Name.EndsWith(".head.weight", StringComparison.Ordinal)).ToArray().Sum(v => (double)v * v));

    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        var head = inner.Parameters.Single(p => p.Name.EndsWith(".head.weight", StringComparison.Ordinal));
        AuxiliaryLoss = training ? Ops.Scale(Ops.SumAll(Ops.Mul(head, head)), strength) : null;
        return inner.Forward(batch, training, rng);
    }
}
