using Kosmo.Models.Kernels;
using Kosmo.Models.Layers;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Layers;

/// <summary>Every fused kernel agrees with its plain reference (forward) and with central differences (backward).</summary>
public sealed class FusedKernelTests
{
    [Fact]
    public void GluAddNorm_Should_MatchReferenceAndGradCheck_When_ThreeGroups()
    {
        // Given g (3, 4, 2D), residual (3, 4, D) and three gamma/beta pairs, D = 5
        var rng = new Random(1);
        var g = P("g", rng, 3, 4, 10);
        var res = P("res", rng, 3, 4, 5);
        Tensor[] gammas = [P("g0", rng, 5), P("g1", rng, 5), P("g2", rng, 5)];
        Tensor[] betas = [P("b0", rng, 5), P("b1", rng, 5), P("b2", rng, 5)];

        // When computed fused and by the reference
        var fast = GluAddNorm.Forward(g, res, gammas, betas).ToArray();
        var reference = GluAddNormReference.Forward(g.ToArray(), res.ToArray(), gammas.Select(t => t.ToArray()).ToList(), betas.Select(t => t.ToArray()).ToList(), 5);
        Tape.Clear();

        // Then they agree and the backward passes a gradient check
        fast.Should().Equal(reference, (a, e) => Math.Abs(a - e) <= 1e-5f + (1e-5f * Math.Abs(e)));
        GradCheck.Assert(xs => GluAddNorm.Forward(xs[0], xs[1], [xs[2], xs[3], xs[4]], [xs[5], xs[6], xs[7]]), [g, res, .. gammas, .. betas]);
    }

    [Fact]
    public void GroupedLinear_Should_MatchReferenceAndGradCheck_When_FourGroups()
    {
        // Given x (4, 7, 3) and four (5, 3) weights with biases
        var rng = new Random(2);
        var x = P("x", rng, 4, 7, 3);
        var ws = Enumerable.Range(0, 4).Select(i => (Tensor)P($"w{i}", rng, 5, 3)).ToArray();
        var bs = Enumerable.Range(0, 4).Select(i => (Tensor)P($"b{i}", rng, 5)).ToArray();

        // When computed fused and by the reference
        var fast = GroupedLinear.Forward(x, ws, bs).ToArray();
        var reference = GroupedLinearReference.Forward(x.ToArray(), ws.Select(t => t.ToArray()).ToList(), bs.Select(t => t.ToArray()).ToList(), 7, 3, 5);
        Tape.Clear();

        // Then they agree and the backward passes a gradient check
        fast.Should().Equal(reference, (a, e) => Math.Abs(a - e) <= 1e-5f + (1e-5f * Math.Abs(e)));
        GradCheck.Assert(xs => GroupedLinear.Forward(xs[0], xs[1..5], xs[5..9]), [x, .. ws, .. bs]);
    }

    [Fact]
    public void VsnCombine_Should_MatchReferenceAndGradCheck_When_Random()
    {
        var rng = new Random(3);
        var p = P("p", rng, 3, 6, 4);
        var w = P("w", rng, 6, 3);
        var fast = VsnCombine.Forward(p, w).ToArray();
        Tape.Clear();
        fast.Should().Equal(VsnCombineReference.Forward(p.ToArray(), w.ToArray(), 3, 6, 4), (a, e) => Math.Abs(a - e) <= 1e-5f + (1e-5f * Math.Abs(e)));
        GradCheck.Assert(xs => VsnCombine.Forward(xs[0], xs[1]), p, w);
    }

    [Fact]
    public void ForwardProjected_Should_EqualTheUnfusedComposition_When_OutputsAndAllGradients()
    {
        // Given a temporal VSN (n=3, D=8, context 8) on projected scalars s (2, 5, 3)
        var rng = new Random(4);
        var vsn = new VariableSelectionNetwork("v", 3, 8, 8, 0f, rng);
        var s = P("s", rng, 2, 5, 3);
        var w = P("w", rng, 3, 8);
        var b = P("b", rng, 3, 8);
        var ctx = P("c", rng, 2, 8);
        Tensor[] leaves = [.. vsn.Parameters, s, w, b, ctx];

        // When both paths run a backward of Σ r·combined
        var (fused, fw) = Run(() => vsn.ForwardProjected(s, w, b, ctx), leaves, out var fusedGrads);
        var (plain, pw) = Run(() => vsn.ForwardProjectedUnfused(s, w, b, ctx), leaves, out var plainGrads);

        // Then outputs, selection weights and every gradient agree
        fused.Should().Equal(plain, (a, e) => Math.Abs(a - e) <= 1e-5f + (1e-4f * Math.Abs(e)));
        fw.Should().Equal(pw, (a, e) => Math.Abs(a - e) <= 1e-6f);
        for (var i = 0; i < leaves.Length; i++)
        {
            fusedGrads[i].Should().Equal(plainGrads[i], (a, e) => Math.Abs(a - e) <= 1e-5f + (1e-4f * Math.Abs(e)), $"gradient of leaf {i}");
        }
    }

    [Fact]
    public void ForwardProjected_Should_PassGradCheck_When_DropoutIsOn()
    {
        // Given a temporal VSN with dropout 0.5, re-seeded on every call so the masks repeat
        var rng = new Random(5);
        var vsn = new VariableSelectionNetwork("v", 3, 6, 6, 0.5f, rng);
        var s = P("s", rng, 2, 4, 3);
        var w = P("w", rng, 3, 6);
        var b = P("b", rng, 3, 6);
        var ctx = P("c", rng, 2, 6);
        var bank = vsn.VarGrns.Networks;
        Tensor[] inputs = [s, w, b, bank[1].Fc1.Weight, bank[2].Glu.Fc.Weight, bank[0].Fc2.Weight, bank[1].Norm.Weight];

        // When checked against central differences; Then the fused backward (with masks regenerated) agrees
        GradCheck.Assert(_ => vsn.ForwardProjected(s, w, b, ctx, new Random(3)).Combined, inputs);

        // and dropout changes the output (the masks are really applied)
        Tape.Clear();
        var on = vsn.ForwardProjected(s, w, b, ctx, new Random(3)).Combined.ToArray();
        var off = vsn.ForwardProjected(s, w, b, ctx, null).Combined.ToArray();
        Tape.Clear();
        on.Should().NotEqual(off);
    }

    private static (float[] Out, float[] Weights) Run(Func<(Tensor, Tensor)> f, Tensor[] leaves, out float[][] grads)
    {
        foreach (var t in leaves)
        {
            t.ZeroGrad();
        }

        var (y, wsel) = f();
        var r = Tensor.Uniform(new Random(9), -1f, 1f, y.Shape);
        Ops.SumAll(Ops.Mul(y, r)).Backward();
        grads = leaves.Select(t => t.Grad!.ToArray()).ToArray();
        return (y.ToArray(), wsel.ToArray());
    }

    private static Parameter P(string name, Random rng, params int[] shape) => LeafGradients.P(name, rng, shape);
}
