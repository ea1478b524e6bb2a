using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kosmo.Tensors.Kernels;

/// <summary>
/// Single-precision exp, σ and tanh computed in float lanes (the BCL's vector Exp for float widens every lane to
/// double, about 3× the work). exp: Cody–Waite reduction x = n·ln2 + r with a two-part ln 2, Cephes' degree-6
/// polynomial for e^r on |r| ≤ ln2/2, and 2ⁿ put into the exponent field; error ≤ 2 ulp against the double-precision
/// exp for every float in [−87.3, 88.7] (tested on a dense sweep). Below −87.34 the result is 0 (the true value is
/// subnormal, &lt; 1.2e−38), above 88.72 it is +∞, NaN stays NaN. σ(x) = 1/(1 + e^−x) and tanh(x) = 1 − 2/(e^2x + 1)
/// are built on it (tanh switches to its odd Taylor series for |x| &lt; 0.25, where 1 − 2/(e^2x + 1) cancels).
/// </summary>
public static class FastMath
{
    private const float MaxX = 88.72283f;      // ln(float.MaxValue)
    private const float MinX = -87.33654f;     // ln(2^-126), the smallest normal float
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;  // 0.693359375 = exact in 9 bits, so n·Ln2Hi is exact
    private const float Ln2Lo = -2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f;
    private const float P1 = 1.3981999507e-3f;
    private const float P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f;
    private const float P4 = 1.6666665459e-1f;
    private const float P5 = 5.0000001201e-1f;

    /// <summary>e^x for 8 lanes (see the class remarks for accuracy and range).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        if (Avx512F.VL.IsSupported)
        {
            // Clamp with x as the second operand of max/min so a NaN passes through; vscalefps applies 2ⁿ with
            // correct overflow to +∞ and underflow to 0, so no edge selects are needed.
            var xc = Avx.Min(Vector256.Create(104f), Avx.Max(Vector256.Create(-104f), x));
            var n = Avx.RoundToNearestInteger(xc * Vector256.Create(Log2E));
            var y = Poly(Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), xc)));
            var e = Avx512F.VL.Scale(y, n);
            // Keep the documented contract: results below the smallest normal are 0.
            return Avx.BlendVariable(e, Vector256<float>.Zero, Avx.CompareLessThan(x, Vector256.Create(MinX)));
        }

        return ExpPortable(x);
    }

    private static Vector256<float> ExpPortable(Vector256<float> x)
    {
        var xc = Vector256.Min(Vector256.Max(x, Vector256.Create(MinX)), Vector256.Create(MaxX));
        var n = Vector256.Round(xc * Vector256.Create(Log2E));
        var y = Poly(Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), xc)));
        // 2^n in two factors so n = 128 (x just below MaxX rounds up) does not overflow the exponent field
        var ni = Vector256.ConvertToInt32(n);
        var half = Vector256.ShiftRightArithmetic(ni, 1);
        var s1 = Vector256.ShiftLeft(half + Vector256.Create(127), 23).AsSingle();
        var s2 = Vector256.ShiftLeft(ni - half + Vector256.Create(127), 23).AsSingle();
        y = y * s1 * s2;
        y = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(MinX)), Vector256<float>.Zero, y);
        y = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(MaxX)), Vector256.Create(float.PositiveInfinity), y);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);
    }

    // e^r on |r| ≤ ln2/2: 1 + r + r²·P(r) (Cephes expf).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Poly(Vector256<float> r)
    {
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        return Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
    }

    /// <summary>The portable 8-lane form (no AVX-512), exposed so tests cover it on any machine.</summary>
    public static Vector256<float> ExpWithoutAvx512(Vector256<float> x) => ExpPortable(x);

    /// <summary>e^x for 16 lanes (AVX-512 only: check <see cref="Vector512.IsHardwareAccelerated"/>); same steps as 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var xc = Avx512F.Min(Vector512.Create(104f), Avx512F.Max(Vector512.Create(-104f), x));
        var n = Avx512F.RoundScale(xc * Vector512.Create(Log2E), 0);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), xc));
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        var y = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var e = Avx512F.Scale(y, n);
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(MinX)), Vector512<float>.Zero, e);
    }

    /// <summary>σ(x) = 1 / (1 + e^−x) for 16 lanes (AVX-512 only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>e^x for one value, same arithmetic as the vector form (for loop tails).</summary>
    public static float Exp(float x) => Exp(Vector256.Create(x)).ToScalar();

    /// <summary>σ(x) = 1 / (1 + e^−x) for 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>σ(x) for one value (same arithmetic as the vector form).</summary>
    public static float Sigmoid(float x) => Sigmoid(Vector256.Create(x)).ToScalar();

    /// <summary>tanh(x) for 8 lanes: 1 − 2/(e^2x + 1), odd Taylor series to x⁹ below |x| = 0.25.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var two = Vector256.Create(2f);
        var big = Vector256<float>.One - (two / (Exp(x * two) + Vector256<float>.One));
        var x2 = x * x;
        var series = Vector256.FusedMultiplyAdd(Vector256.Create(62f / 2835f), x2, Vector256.Create(-17f / 315f));
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(2f / 15f));
        series = Vector256.FusedMultiplyAdd(series, x2, Vector256.Create(-1f / 3f));
        series = Vector256.FusedMultiplyAdd(series * x2, x, x);
        return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(0.25f)), series, big);
    }

    /// <summary>tanh(x) for 16 lanes (AVX-512 only), the same steps as the 8-lane form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var two = Vector512.Create(2f);
        var big = Vector512<float>.One - (two / (Exp(x * two) + Vector512<float>.One));
        var x2 = x * x;
        var series = Vector512.FusedMultiplyAdd(Vector512.Create(62f / 2835f), x2, Vector512.Create(-17f / 315f));
        series = Vector512.FusedMultiplyAdd(series, x2, Vector512.Create(2f / 15f));
        series = Vector512.FusedMultiplyAdd(series, x2, Vector512.Create(-1f / 3f));
        series = Vector512.FusedMultiplyAdd(series * x2, x, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(0.25f)), series, big);
    }

    /// <summary>tanh(x) for one value (same arithmetic as the vector form).</summary>
    public static float Tanh(float x) => Tanh(Vector256.Create(x)).ToScalar();

    /// <summary>y = e^x element-wise (x and y may be the same span).</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> y) => Map<ExpOp>(x, y);

    /// <summary>y = σ(x) element-wise (x and y may be the same span).</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Map<SigmoidOp>(x, y);

    /// <summary>y = tanh(x) element-wise (x and y may be the same span).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Map<TanhOp>(x, y);

    private interface IOp
    {
        static abstract Vector256<float> Apply(Vector256<float> x);

        static abstract Vector512<float> Apply(Vector512<float> x);
    }

    private readonly struct ExpOp : IOp
    {
        public static Vector256<float> Apply(Vector256<float> x) => Exp(x);

        public static Vector512<float> Apply(Vector512<float> x) => Exp(x);
    }

    private readonly struct SigmoidOp : IOp
    {
        public static Vector256<float> Apply(Vector256<float> x) => Sigmoid(x);

        public static Vector512<float> Apply(Vector512<float> x) => Sigmoid(x);
    }

    private readonly struct TanhOp : IOp
    {
        public static Vector256<float> Apply(Vector256<float> x) => Tanh(x);

        public static Vector512<float> Apply(Vector512<float> x) => Tanh(x);
    }

    // 16 lanes where AVX-512 is on, then 8, then one zero-padded vector for the tail; every element gets the same
    // arithmetic whichever width handles it (the 16-lane exp is the 8-lane one's steps on a wider register).
    private static void Map<TOp>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IOp
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("Destination is shorter than the source.", nameof(y));
        }

        ref var xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref var yr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        var n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            for (; i + 16 <= n; i += 16)
            {
                TOp.Apply(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
            }
        }

        for (; i + 8 <= n; i += 8)
        {
            TOp.Apply(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
        }

        if (i < n)
        {
            Span<float> tmp = stackalloc float[8];
            tmp.Clear();
            x[(int)i..].CopyTo(tmp);
            TOp.Apply(Vector256.Create<float>(tmp)).CopyTo(tmp);
            tmp[..(int)(n - i)].CopyTo(y[(int)i..]);
        }
    }
}
