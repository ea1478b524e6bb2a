using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Layers;

/// <summary>Helpers for comparing fused kernels with their unfused compositions: random leaves and their gradients.</summary>
internal static class LeafGradients
{
    /// <summary>The gradients of the leaves after backpropagating Σ y ⊙ r from y = f(), r a fixed uniform(−1, 1) tensor (seed 9).</summary>
    public static float[][] Of(Func<Tensor> f, Tensor[] leaves)
    {
        foreach (var t in leaves)
        {
            t.ZeroGrad();
        }

        var y = f();
        var r = Tensor.Uniform(new Random(9), -1f, 1f, y.Shape);
        Ops.SumAll(Ops.Mul(y, r)).Backward();
        return leaves.Select(t => t.Grad!.ToArray()).ToArray();
    }

    /// <summary>A parameter of uniform(−1, 1) values.</summary>
    public static Parameter P(string name, Random rng, params int[] shape) => new(name, Tensor.Uniform(rng, -1f, 1f, shape).Data, shape);
}
