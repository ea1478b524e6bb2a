using Kosmo.Models.Layers;
using Kosmo.Tensors;
using Kosmo.Models.Kernels;

namespace Kosmo.Models.Tests.Layers;

/// <summary>
/// The GRN's fused hidden path (ELU, fc1, dropout and the GLU projection over 256-row tiles) against the op composition
/// it replaces: outputs and every gradient, with and without a per-sample context, over whole and partial tiles; and
/// its dropout: reproducible for any thread count, and really applied.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class FusedGrnHiddenTests
{
    [Theory]
    [InlineData(32, 32, 27, 49, true)]    // (B, L, H) with context: 1,323 rows (5 tiles and 43 rows: 5 on the general path)
    [InlineData(64, 16, 9, 60, true)]     // TFT-Lite's selection-weight GRN shape: GLU 64 → 2·16
    [InlineData(64, 64, 300, 1, false)]   // (B, H) rows, no context
    [InlineData(32, 32, 40, 1, true)]     // (B, H) with a (B, C) context
    public void Fused_Should_EqualTheUnfusedComposition_When_NoDropout(int hidden, int output, int batch, int days, bool context)
    {
        if (!FusedGrnHidden.Supported(hidden, 2 * output))
        {
            return; // the tile path needs AVX-512F; elsewhere the GRN runs the composition itself
        }

        // Given a GRN (In = H, hidden H, Out, context H) and inputs a, skip, c
        var rng = new Random(hidden + output + batch);
        var grn = new GatedResidualNetwork("g", hidden, hidden, output, context ? hidden : 0, 0.1f, rng);
        int[] lead = days > 1 ? [batch, days] : [batch];
        var a = LeafGradients.P("a", rng, [.. lead, hidden]);
        var skip = LeafGradients.P("skip", rng, [.. lead, output]);
        var c = LeafGradients.P("c", rng, batch, hidden);
        Tensor[] leaves = [.. grn.Parameters, a, skip, c];

        // When both paths run (evaluation: no dropout) and backpropagate the same weighted sum
        float[] fusedOut = [], plainOut = [];
        var fused = LeafGradients.Of(() => { var y = grn.ForwardPrecomputed(grn.Fc2.Forward(a), skip, context ? c : null); fusedOut = y.ToArray(); return y; }, leaves);
        var plain = LeafGradients.Of(() => { var y = grn.ForwardUnfused(grn.Fc2.Forward(a), skip, context ? c : null); plainOut = y.ToArray(); return y; }, leaves);

        // Then outputs and all gradients agree to float rounding
        fusedOut.Should().Equal(plainOut, (x, e) => Math.Abs(x - e) <= 1e-5f + (1e-5f * Math.Abs(e)));
        for (var i = 0; i < leaves.Length; i++)
        {
            if (!context && ReferenceEquals(leaves[i], c))
            {
                continue;
            }

            fused[i].Should().Equal(plain[i], (x, e) => Math.Abs(x - e) <= 2e-5f + (1e-4f * Math.Abs(e)), $"gradient of leaf {i}");
        }
    }

    [Fact]
    public void Fused_Should_GiveTheSameBits_When_RunOnOneOrTwoThreadsWithDropout()
    {
        if (!FusedGrnHidden.Supported(32, 64))
        {
            return;
        }

        // Given a GRN with dropout 0.3 over (B, L, H) = (27, 49, 32) with context
        var rng = new Random(31);
        var grn = new GatedResidualNetwork("g", 32, 32, 32, 32, 0.3f, rng);
        var a = LeafGradients.P("a", rng, 27, 49, 32);
        var skip = LeafGradients.P("skip", rng, 27, 49, 32);
        var c = LeafGradients.P("c", rng, 27, 32);
        Tensor[] leaves = [.. grn.Parameters, a, skip, c];
        var saved = TensorThreads.Count;
        try
        {
            // When the same training step runs on one and on two threads, and once without dropout
            var runs = new List<(float[] Out, float[][] Grads)>();
            foreach (var threads in new[] { 1, 2 })
            {
                TensorThreads.Count = threads;
                float[] output = [];
                var grads = LeafGradients.Of(() => { var y = grn.ForwardPrecomputed(grn.Fc2.Forward(a), skip, c, new Random(4)); output = y.ToArray(); return y; }, leaves);
                runs.Add((output, grads));
            }

            var noDropout = grn.ForwardPrecomputed(grn.Fc2.Forward(a), skip, c).ToArray();
            Tape.Clear();

            // Then outputs and gradients are bit-for-bit equal, and the dropout changed the result
            runs[1].Out.Should().Equal(runs[0].Out);
            for (var i = 0; i < leaves.Length; i++)
            {
                runs[1].Grads[i].Should().Equal(runs[0].Grads[i], $"gradient of leaf {i}");
            }

            runs[0].Out.Should().NotEqual(noDropout);
        }
        finally
        {
            TensorThreads.Count = saved;
        }
    }

    [Fact]
    public void Forward_Should_ThrowClearly_When_TheSizesDoNotFitTheTilePath()
    {
        var rng = new Random(2);
        var a = LeafGradients.P("a", rng, 10, 24);
        var w1 = LeafGradients.P("w1", rng, 24, 24);
        var b1 = LeafGradients.P("b1", rng, 24);
        var wg = LeafGradients.P("wg", rng, 48, 24);
        var bg = LeafGradients.P("bg", rng, 48);

        var act = () => FusedGrnHidden.Forward(a, null, 1, w1, b1, wg, bg, 0f, null);

        act.Should().Throw<ArgumentException>().WithMessage("*FusedGrnHidden*multiple of 32*");
    }
}
