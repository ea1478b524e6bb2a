using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kosmo.Tensors.Kernels;

/// <summary>Fused LSTM cell kernels on one sample's gate vector (i, f, g, o blocks of H).</summary>
internal static class LstmCell
{
    /// <summary>Activates <paramref name="gates"/> in place and writes c and h. // gates: 4H; cPrev, c, h: H</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> h)
    {
        var n = h.Length;
        var i = gates[..n];
        var f = gates.Slice(n, n);
        var g = gates.Slice(2 * n, n);
        var o = gates.Slice(3 * n, n);
        FastMath.Sigmoid(i, i);
        FastMath.Sigmoid(f, f);
        FastMath.Tanh(g, g);
        FastMath.Sigmoid(o, o);
        TensorPrimitives.Multiply(f, cPrev, c);
        TensorPrimitives.MultiplyAdd(i, g, c, c);
        FastMath.Tanh(c, h);
        TensorPrimitives.Multiply(h, o, h);
    }

    /// <summary>
    /// From activated gates, c_{t-1}, c_t and dh (total), dc (from t+1, updated in place to dc_{t-1}) writes the
    /// pre-activation gate gradients.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, ReadOnlySpan<float> dh, Span<float> dc, Span<float> dGates)
    {
        var n = c.Length;
        Span<float> tanhC = n <= 512 ? stackalloc float[n] : new float[n];
        FastMath.Tanh(c, tanhC);
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            for (; j <= n - 8; j += 8)
            {
                var ig = Vector256.Create<float>(gates.Slice(j, 8));
                var fg = Vector256.Create<float>(gates.Slice(n + j, 8));
                var gg = Vector256.Create<float>(gates.Slice((2 * n) + j, 8));
                var og = Vector256.Create<float>(gates.Slice((3 * n) + j, 8));
                var tc = Vector256.Create<float>(tanhC.Slice(j, 8));
                var dhv = Vector256.Create<float>(dh.Slice(j, 8));
                var dct = Vector256.Create<float>(dc.Slice(j, 8)) + (dhv * og * (one - (tc * tc)));
                (dct * gg * ig * (one - ig)).CopyTo(dGates.Slice(j, 8));
                (dct * Vector256.Create<float>(cPrev.Slice(j, 8)) * fg * (one - fg)).CopyTo(dGates.Slice(n + j, 8));
                (dct * ig * (one - (gg * gg))).CopyTo(dGates.Slice((2 * n) + j, 8));
                (dhv * tc * og * (one - og)).CopyTo(dGates.Slice((3 * n) + j, 8));
                (dct * fg).CopyTo(dc.Slice(j, 8));
            }
        }

        for (; j < n; j++)
        {
            float ig = gates[j], fg = gates[n + j], gg = gates[(2 * n) + j], og = gates[(3 * n) + j];
            var tc = tanhC[j];
            var dct = dc[j] + (dh[j] * og * (1f - (tc * tc)));
            dGates[j] = dct * gg * ig * (1f - ig);
            dGates[n + j] = dct * cPrev[j] * fg * (1f - fg);
            dGates[(2 * n) + j] = dct * ig * (1f - (gg * gg));
            dGates[(3 * n) + j] = dh[j] * tc * og * (1f - og);
            dc[j] = dct * fg;
        }
    }
}
