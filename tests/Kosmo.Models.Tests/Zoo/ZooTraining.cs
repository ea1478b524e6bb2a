using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Optim;

namespace Kosmo.Models.Tests.Zoo;

/// <summary>A minimal full-batch AdamW loop for tests (the real trainer lives elsewhere): loss = weighted CE + auxiliary.</summary>
internal static class ZooTraining
{
    public static Tensor Loss(ISequenceClassifier model, WindowBatch batch, bool training, Random rng)
    {
        var n = batch.Count;
        var logits = model.Forward(batch, training, rng);
        var loss = Ops.CrossEntropy(logits, batch.Labels.AsSpan(0, n).ToArray(), null, batch.Weights.AsSpan(0, n).ToArray());
        return training && model is IAuxiliaryLoss { AuxiliaryLoss: { } aux } ? Ops.Add(loss, aux) : loss;
    }

    /// <summary>Trains for <paramref name="steps"/> full-batch steps; returns the final inference cross-entropy.</summary>
    public static float Fit(ISequenceClassifier model, WindowBatch batch, int steps, double lr, int seed = 0)
    {
        var opt = new AdamW(model.Parameters, lr, weightDecay: 0);
        var rng = new Random(seed);
        for (var s = 0; s < steps; s++)
        {
            using var arena = TensorArena.Scope();
            opt.ZeroGrad();
            Loss(model, batch, true, rng).Backward();
            opt.Step();
        }

        return CrossEntropy(model, batch);
    }

    /// <summary>Trains on the batches of a dataset for a number of steps (cycling epochs).</summary>
    public static void Fit(ISequenceClassifier model, WindowDataset data, int steps, double lr, int seed = 0)
    {
        var opt = new Adam(model.Parameters, lr);
        var rng = new Random(seed);
        var batch = data.CreateBatch();
        int[] order = [];
        for (var s = 0; s < steps; s++)
        {
            if (s % data.BatchesPerEpoch == 0)
            {
                order = data.EpochOrder(s / data.BatchesPerEpoch);
            }

            data.Fill(order, s % data.BatchesPerEpoch, batch);
            using var arena = TensorArena.Scope();
            opt.ZeroGrad();
            Loss(model, batch, true, rng).Backward();
            opt.Step();
        }
    }

    public static float CrossEntropy(ISequenceClassifier model, WindowBatch batch)
    {
        using var scope = NoGrad.Scope();
        return Loss(model, batch, false, new Random(0)).Item();
    }

    public static float[] Logits(ISequenceClassifier model, WindowBatch batch, bool training = false, int seed = 0)
    {
        using var scope = NoGrad.Scope();
        return model.Forward(batch, training, new Random(seed)).ToArray();
    }

    /// <summary>Gradient check of the whole model w.r.t. all its parameters (sampled elements).</summary>
    public static IReadOnlyList<string> GradCheckParameters(ISequenceClassifier model, WindowBatch batch, int perInput = 12)
    {
        var options = new GradCheck.Options(Eps: 1e-3, Atol: 2e-3, Rtol: 3e-2, MaxElementsPerInput: perInput);
        return GradCheck.Check(_ => model.Forward(batch, false, new Random(0)), [.. model.Parameters], options);
    }
}
