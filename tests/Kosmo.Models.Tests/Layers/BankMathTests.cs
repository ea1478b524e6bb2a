using Kosmo.Models.Kernels;
using Kosmo.Models.Layers;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Layers;

/// <summary>The vectorised pieces of the fused VSN bank agree with plain scalar definitions.</summary>
public sealed class BankMathTests
{
    [Fact]
    public void Elu_Should_MatchTheScalarDefinition_When_ValuesSpanBothSigns()
    {
        // Given 1,037 values in [-6, 6] (not a multiple of the vector width) incl. exact zeros
        var rng = new Random(1);
        var x = Enumerable.Range(0, 1037).Select(i => i % 97 == 0 ? 0f : (float)((rng.NextDouble() * 12) - 6)).ToArray();
        var e = (float[])x.Clone();

        // When ELU is applied in place and its derivative to a gradient of ones
        BankMath.Elu(e);
        var g = Enumerable.Repeat(1f, x.Length).ToArray();
        BankMath.EluBackward(g, e);

        // Then both equal x > 0 ? x : eˣ − 1 and x > 0 ? 1 : eˣ (float64 reference)
        for (var i = 0; i < x.Length; i++)
        {
            var expected = x[i] > 0 ? x[i] : Math.Exp(x[i]) - 1;
            e[i].Should().BeApproximately((float)expected, 1e-6f + (2e-6f * Math.Abs((float)expected)), $"ELU at {x[i]}");
            g[i].Should().BeApproximately(x[i] > 0 ? 1f : (float)Math.Exp(x[i]), 2e-6f, $"ELU' at {x[i]}");
        }
    }

    [Fact]
    public void ApplyMask_Should_RegenerateTheSameMaskForAnySubRange_When_SplitDifferently()
    {
        // Given one mask stream applied to 10,003 ones in one call
        const float p = 0.1f;
        var whole = Enumerable.Repeat(1f, 10003).ToArray();
        BankMath.ApplyMask(12345UL, 0, whole, p, 1f / (1f - p));

        // When the same stream is applied in odd-sized pieces (as thread chunks and backward blocks do)
        var pieces = Enumerable.Repeat(1f, 10003).ToArray();
        foreach (var (start, len) in new[] { (0, 5), (5, 4000), (4005, 3), (4008, 5995) })
        {
            BankMath.ApplyMask(12345UL, start, pieces.AsSpan(start, len), p, 1f / (1f - p));
        }

        // Then the masks are identical, values are 0 or 1/(1 − p), about p of them dropped, and another seed differs
        pieces.Should().Equal(whole);
        whole.Should().OnlyContain(v => v == 0f || v == 1f / (1f - p));
        var dropped = whole.Count(v => v == 0f) / (double)whole.Length;
        dropped.Should().BeInRange(0.09, 0.11);
        var other = Enumerable.Repeat(1f, 10003).ToArray();
        BankMath.ApplyMask(54321UL, 0, other, p, 1f / (1f - p));
        other.Should().NotEqual(whole);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(24)]
    [InlineData(6)]
    public void AddBiasMask_Should_EqualBiasThenApplyMask_When_RowsAreWideOrNarrow(int d)
    {
        // Given 37 rows of width d starting at stream index 1,000 and a bias
        var rng = new Random(d);
        var rows = Enumerable.Range(0, 37 * d).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var bias = Enumerable.Range(0, d).Select(_ => (float)rng.NextDouble()).ToArray();
        const float p = 0.25f;

        // When the fused pass runs, and separately bias-add then ApplyMask on the same stream
        var fused = (float[])rows.Clone();
        BankMath.AddBiasMask(777UL, 1000, fused, bias, true, p, 1f / (1f - p));
        var plain = (float[])rows.Clone();
        for (var r = 0; r < 37; r++)
        {
            for (var j = 0; j < d; j++)
            {
                plain[(r * d) + j] += bias[j];
            }
        }

        BankMath.ApplyMask(777UL, 1000, plain, p, 1f / (1f - p));

        // Then both are bit-identical (the forward and the backward see the same mask)
        fused.Should().Equal(plain);
        fused.Count(v => v == 0f).Should().BeInRange((int)(0.15 * fused.Length), (int)(0.35 * fused.Length));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(24)]
    public void ApplyMaskAndSumRows_Should_EqualMaskThenRowSums_When_RowsAreWideOrNarrow(int d)
    {
        // Given 29 rows of width d at stream index 4,096 and running sums that already hold values
        var rng = new Random(d + 1);
        var rows = Enumerable.Range(0, 29 * d).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var start = Enumerable.Range(0, d).Select(_ => (float)rng.NextDouble()).ToArray();
        const float p = 0.1f;

        // When the fused pass runs, and separately ApplyMask then adding the rows in order
        var fused = (float[])rows.Clone();
        var fusedSums = (float[])start.Clone();
        BankMath.ApplyMaskAndSumRows(99UL, 4096, fused, p, 1f / (1f - p), fusedSums);
        var plain = (float[])rows.Clone();
        BankMath.ApplyMask(99UL, 4096, plain, p, 1f / (1f - p));
        var plainSums = (float[])start.Clone();
        for (var r = 0; r < 29; r++)
        {
            for (var j = 0; j < d; j++)
            {
                plainSums[j] += plain[(r * d) + j];
            }
        }

        // Then the masked rows and the sums are bit-identical
        fused.Should().Equal(plain);
        fusedSums.Should().Equal(plainSums);
    }

    [Fact]
    public void RowPairs_Should_GiveTheSingleRowBits_When_TheWideKernelsRun()
    {
        const int d = 64;
        if (!BankRows.Wide(d))
        {
            return; // no 16-lane kernels on this CPU
        }

        // Given two rows' gate pre-activations, their scalars and the shared row parameters
        var rng = new Random(8);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        float[] gate0 = R(4 * d), bias = R(2 * d), w = R(d), b = R(d), gamma = R(d), beta = R(d), gout = R(2 * d);

        // When the pair kernels run, and the single-row kernels run on row A then row B
        var gPair = (float[])gate0.Clone();
        var outPair = R(2 * d);
        var outOne = (float[])outPair.Clone();
        var (ma, ra, mb, rb) = BankRows.ForwardPair(gPair, bias, 0.3f, -1.2f, w, b, gamma, beta, 0.6f, 0.1f, new float[2 * d], outPair, 1e-5f);
        var gOne = (float[])gate0.Clone();
        var (ma1, ra1) = BankRows.Forward(gOne.AsSpan(0, 2 * d), bias, 0.3f, w, b, gamma, beta, 0.6f, new float[2 * d], outOne.AsSpan(0, d), 1e-5f);
        var (mb1, rb1) = BankRows.Forward(gOne.AsSpan(2 * d, 2 * d), bias, -1.2f, w, b, gamma, beta, 0.1f, new float[2 * d], outOne.AsSpan(d, d), 1e-5f);
        var pPair = R(6 * d);
        var pOne = (float[])pPair.Clone();
        var ggPair = new float[4 * d];
        var ggOne = new float[4 * d];
        var back = BankRows.BackwardPair(gPair, 0.3f, -1.2f, w, b, gamma, beta, 0.6f, 0.1f, ma, ra, mb, rb, gout, ggPair, pPair, new float[4 * d]);
        var backA = BankRows.Backward(gOne.AsSpan(0, 2 * d), 0.3f, w, b, gamma, beta, 0.6f, ma1, ra1, gout.AsSpan(0, d), ggOne.AsSpan(0, 2 * d), pOne, new float[2 * d]);
        var backB = BankRows.Backward(gOne.AsSpan(2 * d, 2 * d), -1.2f, w, b, gamma, beta, 0.1f, mb1, rb1, gout.AsSpan(d, d), ggOne.AsSpan(2 * d, 2 * d), pOne, new float[2 * d]);

        // Then every output, statistic, gradient and partial sum is bit-identical
        (ma, ra, mb, rb).Should().Be((ma1, ra1, mb1, rb1));
        gPair.Should().Equal(gOne);
        outPair.Should().Equal(outOne);
        back.Should().Be((backA.GSel, backA.GS, backB.GSel, backB.GS));
        ggPair.Should().Equal(ggOne);
        pPair.Should().Equal(pOne);
    }

    [Fact]
    public void ProjectedVsnBank_Should_GiveTheSameOutputUpToRoundingWithAndWithoutGradients_When_RowsSpanSeveralTiles()
    {
        // Given a fused temporal VSN over 600 rows (three 256-row tiles, the last partial)
        var rng = new Random(7);
        var vsn = new VariableSelectionNetwork("v", 3, 8, 8, 0.1f, rng);
        var s = new Parameter("s", Tensor.Uniform(rng, -1f, 1f, 20, 30, 3).Data, 20, 30, 3);
        var w = new Parameter("w", Tensor.Uniform(rng, -1f, 1f, 3, 8).Data, 3, 8);
        var b = new Parameter("b", Tensor.Uniform(rng, -1f, 1f, 3, 8).Data, 3, 8);
        var ctx = new Parameter("c", Tensor.Uniform(rng, -1f, 1f, 20, 8).Data, 20, 8);

        // When run recorded (kept buffers) and in no-grad mode (per-tile scratch), and through the unfused composition
        var recorded = vsn.ForwardProjected(s, w, b, ctx, null).Combined.ToArray();
        Tape.Clear();
        float[] inference;
        using (NoGrad.Scope())
        {
            inference = vsn.ForwardProjected(s, w, b, ctx, null).Combined.ToArray();
        }

        var plain = vsn.ForwardProjectedUnfused(s, w, b, ctx, null).Combined.ToArray();
        Tape.Clear();

        // Then inference (fc1 folded into the GLU: Wg·W1) matches the recorded path up to rounding, and both the unfused reference
        inference.Should().Equal(recorded, (a, e) => Math.Abs(a - e) <= 1e-5f + (1e-5f * Math.Abs(e)));
        recorded.Should().Equal(plain, (a, e) => Math.Abs(a - e) <= 1e-5f + (1e-4f * Math.Abs(e)));
    }
}
