using Kosmo.Models.Kernels;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Layers;

/// <summary>
/// The fused GLU + residual + LayerNorm backward (block partials for γ, β; vectorised row gradients) against the unfused
/// op composition, with groups spanning several 256-row blocks and a vector tail (D = 20), and across thread counts.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class GluAddNormTests
{
    [Fact]
    public void Backward_Should_EqualTheUnfusedComposition_When_GroupsSpanSeveralBlocks()
    {
        // Given two groups of 300 rows (blocks of 256 + 44 rows each), D = 20
        var (g, res, gammas, betas) = Inputs(new Random(31));
        Tensor[] leaves = [g, res, .. gammas, .. betas];

        // When Σ r·y is back-propagated through the fused kernel and through Glu, Add and LayerNorm per group
        var fused = Run(() => GluAddNorm.Forward(g, res, gammas, betas), leaves);
        var plain = Run(() => Ops.Stack(
            [.. Enumerable.Range(0, 2).Select(k => Ops.LayerNorm(Ops.Add(Ops.Reshape(Ops.Slice(res, 0, k, 1), 300, 20),
                Ops.Glu(Ops.Reshape(Ops.Slice(g, 0, k, 1), 300, 40))), gammas[k], betas[k]))], 0), leaves);

        // Then every gradient agrees to float rounding
        for (var i = 0; i < leaves.Length; i++)
        {
            fused[i].Should().Equal(plain[i], (a, e) => Math.Abs(a - e) <= 1e-5f + (1e-4f * Math.Abs(e)), $"gradient of leaf {i}");
        }
    }

    [Fact]
    public void Backward_Should_BeBitIdentical_When_RunOnOneOrTwoThreads()
    {
        // Given the same inputs
        var (g, res, gammas, betas) = Inputs(new Random(32));
        Tensor[] leaves = [g, res, .. gammas, .. betas];
        var saved = TensorThreads.Count;
        try
        {
            // When the backward runs on one and on two threads
            TensorThreads.Count = 1;
            var one = Run(() => GluAddNorm.Forward(g, res, gammas, betas), leaves);
            TensorThreads.Count = 2;
            var two = Run(() => GluAddNorm.Forward(g, res, gammas, betas), leaves);

            // Then all gradients are bit-for-bit equal
            for (var i = 0; i < leaves.Length; i++)
            {
                two[i].Should().Equal(one[i], $"gradient of leaf {i}");
            }
        }
        finally
        {
            TensorThreads.Count = saved;
        }
    }

    private static (Parameter G, Parameter Res, Tensor[] Gammas, Tensor[] Betas) Inputs(Random rng) =>
        (P("g", rng, 2, 300, 40), P("res", rng, 2, 300, 20), [P("g0", rng, 20), P("g1", rng, 20)], [P("b0", rng, 20), P("b1", rng, 20)]);

    private static float[][] Run(Func<Tensor> f, Tensor[] leaves) => LeafGradients.Of(f, leaves);

    private static Parameter P(string name, Random rng, params int[] shape) => LeafGradients.P(name, rng, shape);
}
