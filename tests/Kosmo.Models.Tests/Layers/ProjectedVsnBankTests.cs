using Kosmo.Models.Layers;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Layers;

/// <summary>
/// The fused temporal VSN bank's tiled backward (per-tile row kernels, per-slot weight-gradient partials) against the
/// unfused op composition, over several tiles and partial tiles, and its independence of the thread count.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class ProjectedVsnBankTests
{
    [Theory]
    [InlineData(8)]   // 8-lane row kernels
    [InlineData(6)]   // scalar row kernels
    [InlineData(16)]  // 16-lane row kernels (AVX-512 machines; 8-lane elsewhere)
    [InlineData(48)]  // 16-lane, three vectors per row
    [InlineData(32)]  // the tile GEMM path (AVX-512 machines): D a multiple of 32
    [InlineData(64)]  // the tile GEMM path at the benchmark's D
    public void Backward_Should_EqualTheUnfusedComposition_When_RowsSpanSeveralTilesAndSlots(int d)
    {
        // Given a temporal VSN (n=3, context D) over 1,323 rows: 6 tiles of ≤ 256 rows (the last partial with an odd
        // 43 rows, so the paired row kernel leaves one row to the single-row kernel), 3 slots
        var rng = new Random(11);
        var vsn = new VariableSelectionNetwork("v", 3, d, d, 0f, rng);
        var (s, w, b, ctx) = Inputs(rng, d, 27, 49);
        Tensor[] leaves = [.. vsn.Parameters, s, w, b, ctx];

        // When both paths run a backward of Σ r·combined
        var fused = Run(() => vsn.ForwardProjected(s, w, b, ctx).Combined, leaves);
        var plain = Run(() => vsn.ForwardProjectedUnfused(s, w, b, ctx).Combined, leaves);

        // Then every gradient agrees up to float rounding
        for (var i = 0; i < leaves.Length; i++)
        {
            fused[i].Should().Equal(plain[i], (a, e) => Math.Abs(a - e) <= 2e-5f + (1e-4f * Math.Abs(e)), $"gradient of leaf {i} ({leaves[i].Shape.Length}-d)");
        }
    }

    [Fact]
    public void Backward_Should_BeBitIdentical_When_RunOnOneOrTwoThreadsWithDropout()
    {
        // Given a temporal VSN with dropout 0.1 over 1,300 rows and fixed dropout seeds
        var rng = new Random(12);
        var vsn = new VariableSelectionNetwork("v", 4, 16, 16, 0.1f, rng);
        var (s, w, b, ctx) = Inputs(rng, 16, 26, 50, n: 4);
        Tensor[] leaves = [.. vsn.Parameters, s, w, b, ctx];
        var saved = TensorThreads.Count;
        try
        {
            // When the same step runs on one thread and on two
            TensorThreads.Count = 1;
            var one = Run(() => vsn.ForwardProjected(s, w, b, ctx, new Random(3)).Combined, leaves);
            TensorThreads.Count = 2;
            var two = Run(() => vsn.ForwardProjected(s, w, b, ctx, new Random(3)).Combined, leaves);

            // Then all gradients are bit-for-bit equal (fixed tile and slot reduction order)
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

    [Fact]
    public void Inference_Should_MatchTheRecordedUnfoldedPath_When_Fc1IsFoldedIntoTheGlu()
    {
        // Given a temporal VSN at D=16 over 1,300 rows, run recorded (fc1 then glu.fc, two GEMMs)
        var rng = new Random(13);
        var vsn = new VariableSelectionNetwork("v", 3, 16, 16, 0.1f, rng);
        var (s, w, b, ctx) = Inputs(rng, 16, 26, 50);
        var recorded = vsn.ForwardProjected(s, w, b, ctx, null).Combined.ToArray();
        Tape.Clear();

        // When run without a tape and without dropout (G = E·(Wg·W1)ᵀ + Wg·b1 + bg, one GEMM)
        float[] folded;
        using (NoGrad.Scope())
        {
            folded = vsn.ForwardProjected(s, w, b, ctx, null).Combined.ToArray();
        }

        // Then both agree to 1e-5, and the folded path is really taken (not bit-identical)
        folded.Should().Equal(recorded, (a, e) => Math.Abs(a - e) <= 1e-5f + (1e-5f * Math.Abs(e)));
        folded.Should().NotEqual(recorded);
    }

    [Fact]
    public void TilePath_Should_GiveTheGeneralPathsBits_When_TrainingWithDropoutAndInferring()
    {
        if (!Kosmo.Tensors.Kernels.Sgemm.TileHardware)
        {
            return; // one GEMM path on CPUs without AVX-512F
        }

        // Given a temporal VSN at D=32 with dropout over 1,323 rows (the last tile's 43 rows leave 3 to the general path)
        var rng = new Random(14);
        var vsn = new VariableSelectionNetwork("v", 3, 32, 32, 0.1f, rng);
        var (s, w, b, ctx) = Inputs(rng, 32, 27, 49);
        Tensor[] leaves = [.. vsn.Parameters, s, w, b, ctx];
        var saved = Kosmo.Tensors.Kernels.Sgemm.UseTiles;
        try
        {
            // When the same training step and the same inference run with the tile path and with the general path
            var results = new List<(float[][] Grads, float[] Output, float[] Inference)>();
            foreach (var tiles in new[] { true, false })
            {
                Kosmo.Tensors.Kernels.Sgemm.UseTiles = tiles;
                float[] output = [];
                var grads = Run(() => { var y = vsn.ForwardProjected(s, w, b, ctx, new Random(5)).Combined; output = y.ToArray(); return y; }, leaves);
                float[] inference;
                using (NoGrad.Scope())
                {
                    inference = vsn.ForwardProjected(s, w, b, ctx, null).Combined.ToArray();
                }

                results.Add((grads, output, inference));
            }

            // Then outputs, every gradient and the folded inference are bit-for-bit equal
            results[0].Output.Should().Equal(results[1].Output);
            results[0].Inference.Should().Equal(results[1].Inference);
            for (var i = 0; i < leaves.Length; i++)
            {
                results[0].Grads[i].Should().Equal(results[1].Grads[i], $"gradient of leaf {i}");
            }
        }
        finally
        {
            Kosmo.Tensors.Kernels.Sgemm.UseTiles = saved;
        }
    }

    private static (Parameter S, Parameter W, Parameter B, Parameter Ctx) Inputs(Random rng, int d, int batch, int days, int n = 3) =>
        (P("s", rng, batch, days, n), P("w", rng, n, d), P("b", rng, n, d), P("c", rng, batch, d));

    private static float[][] Run(Func<Tensor> f, Tensor[] leaves) => LeafGradients.Of(f, leaves);

    private static Parameter P(string name, Random rng, params int[] shape) => LeafGradients.P(name, rng, shape);
}
