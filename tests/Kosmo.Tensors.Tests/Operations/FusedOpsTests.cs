using Kosmo.Tensors;

namespace Kosmo.Tensors.Tests.Operations;

/// <summary>Fused ops against the unfused compositions they replace.</summary>
public sealed class FusedOpsTests
{
    [Fact]
    public void WeightedSum_Should_EqualStackMulSum_When_GivenVariableSelectionShapes()
    {
        // Given 5 variables of (2, 7, 8) and softmax-like weights (2, 7, 5)
        var rng = new Random(4);
        var xs = Enumerable.Range(0, 5).Select(_ => Tensor.Randn(rng, 1f, 2, 7, 8)).ToArray();
        var w = Tensor.Uniform(rng, 0f, 1f, 2, 7, 5);
        foreach (var t in xs.Append(w))
        {
            t.RequiresGrad = true;
        }

        // When computed fused and unfused, with the same upstream gradient
        var fused = Ops.WeightedSum(xs, w);
        var r = Tensor.Randn(rng, 1f, 2, 7, 8);
        Ops.SumAll(Ops.Mul(fused, r)).Backward();
        var fusedGrads = xs.Append(w).Select(t => t.Grad!.ToArray()).ToArray();
        foreach (var t in xs.Append(w))
        {
            t.Grad = null;
        }

        var plain = Ops.Sum(Ops.Mul(Ops.Reshape(w, 2, 7, 5, 1), Ops.Stack(xs, 2)), 2);
        Ops.SumAll(Ops.Mul(plain, r)).Backward();

        // Then outputs and all gradients agree to float rounding
        fused.ToArray().Should().BeEquivalentTo(plain.ToArray(), o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
        var all = xs.Append(w).ToArray();
        for (var k = 0; k < all.Length; k++)
        {
            for (var i = 0; i < all[k].Size; i++)
            {
                fusedGrads[k][i].Should().BeApproximately(all[k].Grad![i], 1e-5f);
            }
        }
    }
}
