using System.Numerics.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors.Tests.Kernels;

/// <summary>The LSTM cell's one-pass 16-lane kernels give the bits of the span composition they replaced.</summary>
public sealed class LstmCellTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(32)]
    [InlineData(24)]   // not a multiple of 16: the span composition itself
    public void Cell_Should_GiveTheSpanCompositionsBits_When_ForwardAndBackward(int n)
    {
        // Given pre-activation gates across both signs, c_{t−1}, dh and dc
        var rng = new Random(n);
        float[] R(int len, float scale) => Enumerable.Range(0, len).Select(_ => (float)((rng.NextDouble() * 2) - 1) * scale).ToArray();
        var pre = R(4 * n, 6f);
        var cPrev = R(n, 2f);
        var dh = R(n, 1f);
        var dc0 = R(n, 1f);

        // When the cell runs
        var gates = (float[])pre.Clone();
        var c = new float[n];
        var h = new float[n];
        LstmCell.Forward(gates, cPrev, c, h);
        var dc = (float[])dc0.Clone();
        var dGates = new float[4 * n];
        LstmCell.Backward(gates, cPrev, c, dh, dc, dGates);

        // Then the forward equals σ/tanh of FastMath, c = f·c_prev + i·g (as TensorPrimitives computes it), h = tanh(c)·o
        var eg = (float[])pre.Clone();
        FastMath.Sigmoid(eg.AsSpan(0, n), eg.AsSpan(0, n));
        FastMath.Sigmoid(eg.AsSpan(n, n), eg.AsSpan(n, n));
        FastMath.Tanh(eg.AsSpan(2 * n, n), eg.AsSpan(2 * n, n));
        FastMath.Sigmoid(eg.AsSpan(3 * n, n), eg.AsSpan(3 * n, n));
        var ec = new float[n];
        var eh = new float[n];
        TensorPrimitives.Multiply(eg.AsSpan(n, n), cPrev, ec);
        TensorPrimitives.MultiplyAdd(eg.AsSpan(0, n), eg.AsSpan(2 * n, n), ec, ec);
        FastMath.Tanh(ec, eh);
        TensorPrimitives.Multiply(eh, eg.AsSpan(3 * n, n), eh);
        gates.Should().Equal(eg);
        c.Should().Equal(ec);
        h.Should().Equal(eh);

        // And the backward equals the scalar formulas with tanh(c) from FastMath
        var tanhC = new float[n];
        FastMath.Tanh(ec, tanhC);
        for (var j = 0; j < n; j++)
        {
            float ig = eg[j], fg = eg[n + j], gg = eg[(2 * n) + j], og = eg[(3 * n) + j], tc = tanhC[j];
            var dct = dc0[j] + (dh[j] * og * (1f - (tc * tc)));
            dGates[j].Should().Be(dct * gg * ig * (1f - ig));
            dGates[n + j].Should().Be(dct * cPrev[j] * fg * (1f - fg));
            dGates[(2 * n) + j].Should().Be(dct * ig * (1f - (gg * gg)));
            dGates[(3 * n) + j].Should().Be(dh[j] * tc * og * (1f - og));
            dc[j].Should().Be(dct * fg);
        }
    }
}
