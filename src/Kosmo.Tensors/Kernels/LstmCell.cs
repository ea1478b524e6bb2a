using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        if (Vector512.IsHardwareAccelerated && n % 16 == 0 && gates.Length >= 4 * n && cPrev.Length >= n && c.Length >= n)
        {
            ForwardWide(gates, cPrev, c, h);
            return;
        }

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
        if (Vector512.IsHardwareAccelerated && n % 16 == 0 && gates.Length >= 4 * n && cPrev.Length >= n && dh.Length >= n && dc.Length >= n
            && dGates.Length >= 4 * n)
        {
            BackwardWide(gates, cPrev, c, dh, dc, dGates);
            return;
        }

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

    // Forward in one 16-lane pass per column block: the same operations per element as the span composition above
    // (σ/tanh of FastMath, f·c_prev, then i·g added, tanh(c)·o), so the same bits, without eight passes over the row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardWide(Span<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> h)
    {
        var n = (nuint)h.Length;
        ref var gt = ref MemoryMarshal.GetReference(gates);
        ref var cp = ref MemoryMarshal.GetReference(cPrev);
        ref var cr = ref MemoryMarshal.GetReference(c);
        ref var hr = ref MemoryMarshal.GetReference(h);
        for (nuint j = 0; j < n; j += 16)
        {
            var iv = FastMath.Sigmoid(Vector512.LoadUnsafe(ref gt, j));
            var fv = FastMath.Sigmoid(Vector512.LoadUnsafe(ref gt, n + j));
            var gv = FastMath.Tanh(Vector512.LoadUnsafe(ref gt, (2 * n) + j));
            var ov = FastMath.Sigmoid(Vector512.LoadUnsafe(ref gt, (3 * n) + j));
            iv.StoreUnsafe(ref gt, j);
            fv.StoreUnsafe(ref gt, n + j);
            gv.StoreUnsafe(ref gt, (2 * n) + j);
            ov.StoreUnsafe(ref gt, (3 * n) + j);
            var cv = (iv * gv) + (fv * Vector512.LoadUnsafe(ref cp, j));
            cv.StoreUnsafe(ref cr, j);
            (FastMath.Tanh(cv) * ov).StoreUnsafe(ref hr, j);
        }
    }

    // Backward in one 16-lane pass: the same expressions per element as the 8-lane loop below, tanh(c) inline.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardWide(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, ReadOnlySpan<float> dh,
        Span<float> dc, Span<float> dGates)
    {
        var n = (nuint)c.Length;
        var one = Vector512.Create(1f);
        ref var gt = ref MemoryMarshal.GetReference(gates);
        ref var cp = ref MemoryMarshal.GetReference(cPrev);
        ref var cr = ref MemoryMarshal.GetReference(c);
        ref var dhr = ref MemoryMarshal.GetReference(dh);
        ref var dcr = ref MemoryMarshal.GetReference(dc);
        ref var dg = ref MemoryMarshal.GetReference(dGates);
        for (nuint j = 0; j < n; j += 16)
        {
            var ig = Vector512.LoadUnsafe(ref gt, j);
            var fg = Vector512.LoadUnsafe(ref gt, n + j);
            var gg = Vector512.LoadUnsafe(ref gt, (2 * n) + j);
            var og = Vector512.LoadUnsafe(ref gt, (3 * n) + j);
            var tc = FastMath.Tanh(Vector512.LoadUnsafe(ref cr, j));
            var dhv = Vector512.LoadUnsafe(ref dhr, j);
            var dct = Vector512.LoadUnsafe(ref dcr, j) + (dhv * og * (one - (tc * tc)));
            (dct * gg * ig * (one - ig)).StoreUnsafe(ref dg, j);
            (dct * Vector512.LoadUnsafe(ref cp, j) * fg * (one - fg)).StoreUnsafe(ref dg, n + j);
            (dct * ig * (one - (gg * gg))).StoreUnsafe(ref dg, (2 * n) + j);
            (dhv * tc * og * (one - og)).StoreUnsafe(ref dg, (3 * n) + j);
            (dct * fg).StoreUnsafe(ref dcr, j);
        }
    }
}
