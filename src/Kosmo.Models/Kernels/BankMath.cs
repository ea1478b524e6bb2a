using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Models.Kernels;

/// <summary>
/// Vectorised element-wise pieces of the fused kernels: ELU and its derivative, a counter-based dropout mask that can
/// be regenerated for any element range (so masks are applied in parallel chunks and recomputed in the backward), and
/// fixed-block partial sums for deterministic column reductions (the result does not depend on the thread count).
/// </summary>
internal static class BankMath
{
    /// <summary>Rows per reduction block: partials are per block and summed in block order.</summary>
    public const int BlockRows = 256;

    private const int Chunk = 512;

    /// <summary>x ← ELU(x) (alpha 1) in place.</summary>
    public static void Elu(Span<float> x)
    {
        Span<float> tmp = stackalloc float[Chunk];
        for (var o = 0; o < x.Length; o += Chunk)
        {
            var part = x.Slice(o, Math.Min(Chunk, x.Length - o));
            var t = tmp[..part.Length];
            TensorPrimitives.Min(part, 0f, t);
            FastMath.Exp(t, t);
            var j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var one = Vector256.Create(1f);
                for (; j <= part.Length - 8; j += 8)
                {
                    var v = Vector256.Create<float>(part.Slice(j, 8));
                    var ev = Vector256.Create<float>(t.Slice(j, 8)) - one;
                    Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, ev).CopyTo(part.Slice(j, 8));
                }
            }

            for (; j < part.Length; j++)
            {
                part[j] = part[j] > 0f ? part[j] : t[j] - 1f;
            }
        }
    }

    /// <summary>g ← g·ELU'(x) given e = ELU(x): 1 where e &gt; 0, else e + 1.</summary>
    public static void EluBackward(Span<float> g, ReadOnlySpan<float> e)
    {
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            for (; j <= g.Length - 8; j += 8)
            {
                var ev = Vector256.Create<float>(e.Slice(j, 8));
                var f = Vector256.ConditionalSelect(Vector256.GreaterThan(ev, Vector256<float>.Zero), one, ev + one);
                (Vector256.Create<float>(g.Slice(j, 8)) * f).CopyTo(g.Slice(j, 8));
            }
        }

        for (; j < g.Length; j++)
        {
            g[j] *= e[j] > 0f ? 1f : e[j] + 1f;
        }
    }

    /// <summary>
    /// Multiplies <paramref name="values"/> (elements <paramref name="start"/>.. of one mask stream) by the inverted
    /// dropout mask: element idx is kept (×1/(1−p)) when hash(seed, idx) / 2²⁴ ≥ p, else zeroed. Any sub-range can be
    /// regenerated independently, so forward and backward (and any thread split) see the same mask.
    /// </summary>
    public static void ApplyMask(ulong seed, int start, Span<float> values, float p, float keepScale)
    {
        uint s0 = (uint)seed, s1 = (uint)(seed >> 32);
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var pv16 = Vector512.Create(p);
            var keep16 = Vector512.Create(keepScale);
            var vs0 = Vector512.Create(s0);
            var vs1 = Vector512.Create(s1);
            ref var v0 = ref MemoryMarshal.GetReference(values);
            for (; j <= values.Length - 16; j += 16)
            {
                var m = Mask16((uint)(start + j), vs0, vs1, pv16, keep16);
                (Vector512.LoadUnsafe(ref v0, (nuint)j) * m).StoreUnsafe(ref v0, (nuint)j);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var lane = Vector256.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u);
            var pv = Vector256.Create(p);
            var keep = Vector256.Create(keepScale);
            var scale = Vector256.Create(1f / (1 << 24));
            for (; j <= values.Length - 8; j += 8)
            {
                var h = Hash(Hash((Vector256.Create((uint)(start + j)) + lane) ^ Vector256.Create(s0)) + Vector256.Create(s1));
                var u = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(h, 8).AsInt32()) * scale;
                var m = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(u, pv), keep, Vector256<float>.Zero);
                (Vector256.Create<float>(values.Slice(j, 8)) * m).CopyTo(values.Slice(j, 8));
            }
        }

        for (; j < values.Length; j++)
        {
            var h = Hash(Hash((uint)(start + j) ^ s0) + s1);
            values[j] *= (h >> 8) * (1f / (1 << 24)) >= p ? keepScale : 0f;
        }
    }

    /// <summary>
    /// <see cref="ApplyMask"/> on rows of width <paramref name="sums"/>.Length, adding each masked row into
    /// <paramref name="sums"/> in the same pass (rows in order: the same sums as masking first, then adding row by row).
    /// </summary>
    public static void ApplyMaskAndSumRows(ulong seed, int start, Span<float> values, float p, float keepScale, Span<float> sums)
    {
        var d = sums.Length;
        if (!Vector512.IsHardwareAccelerated || d % 16 != 0)
        {
            ApplyMask(seed, start, values, p, keepScale);
            for (var r = 0; r + d <= values.Length; r += d)
            {
                TensorPrimitives.Add(sums, values.Slice(r, d), sums);
            }

            return;
        }

        uint s0 = (uint)seed, s1 = (uint)(seed >> 32);
        var pv = Vector512.Create(p);
        var keep = Vector512.Create(keepScale);
        var vs0 = Vector512.Create(s0);
        var vs1 = Vector512.Create(s1);
        ref var v0 = ref MemoryMarshal.GetReference(values);
        ref var sum0 = ref MemoryMarshal.GetReference(sums);
        for (var r = 0; r + d <= values.Length; r += d)
        {
            for (var j = 0; j < d; j += 16)
            {
                var m = Mask16((uint)(start + r + j), vs0, vs1, pv, keep);
                var v = Vector512.LoadUnsafe(ref v0, (nuint)(r + j)) * m;
                v.StoreUnsafe(ref v0, (nuint)(r + j));
                (Vector512.LoadUnsafe(ref sum0, (nuint)j) + v).StoreUnsafe(ref sum0, (nuint)j);
            }
        }
    }

    /// <summary>
    /// Rows of <paramref name="values"/> (length a multiple of D = <paramref name="bias"/>.Length) get the bias added and,
    /// when <paramref name="drop"/>, the mask of <see cref="ApplyMask"/> applied in the same pass: v ← (v + b)·mask.
    /// <paramref name="start"/> is the stream index of values[0]. Same values as adding b, then <see cref="ApplyMask"/>.
    /// </summary>
    public static void AddBiasMask(ulong seed, int start, Span<float> values, ReadOnlySpan<float> bias, bool drop, float p, float keepScale)
    {
        var d = bias.Length;
        if (!drop || !Vector256.IsHardwareAccelerated || d % 8 != 0)
        {
            for (var r = 0; r < values.Length; r += d)
            {
                var row = values.Slice(r, d);
                TensorPrimitives.Add(row, bias, row);
                if (drop)
                {
                    ApplyMask(seed, start + r, row, p, keepScale);
                }
            }

            return;
        }

        uint s0 = (uint)seed, s1 = (uint)(seed >> 32);
        if (Vector512.IsHardwareAccelerated && d % 16 == 0)
        {
            AddBiasMaskWide(s0, s1, start, values, bias, p, keepScale);
            return;
        }

        var lane = Vector256.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u);
        var pv = Vector256.Create(p);
        var keep = Vector256.Create(keepScale);
        var scale = Vector256.Create(1f / (1 << 24));
        for (var r = 0; r < values.Length; r += d)
        {
            for (var j = 0; j < d; j += 8)
            {
                var h = Hash(Hash((Vector256.Create((uint)(start + r + j)) + lane) ^ Vector256.Create(s0)) + Vector256.Create(s1));
                var u = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(h, 8).AsInt32()) * scale;
                var m = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(u, pv), keep, Vector256<float>.Zero);
                var v = Vector256.Create<float>(values.Slice(r + j, 8)) + Vector256.Create<float>(bias.Slice(j, 8));
                (v * m).CopyTo(values.Slice(r + j, 8));
            }
        }
    }

    // 16 lanes, unchecked loads: the same hash, threshold and scaling per element as the 8-lane loop (same mask).
    private static void AddBiasMaskWide(uint s0, uint s1, int start, Span<float> values, ReadOnlySpan<float> bias, float p, float keepScale)
    {
        var d = bias.Length;
        var pv = Vector512.Create(p);
        var keep = Vector512.Create(keepScale);
        var vs0 = Vector512.Create(s0);
        var vs1 = Vector512.Create(s1);
        ref var v0 = ref MemoryMarshal.GetReference(values);
        ref var b0 = ref MemoryMarshal.GetReference(bias);
        for (var r = 0; r + d <= values.Length; r += d)
        {
            for (var j = 0; j < d; j += 16)
            {
                var m = Mask16((uint)(start + r + j), vs0, vs1, pv, keep);
                var v = Vector512.LoadUnsafe(ref v0, (nuint)(r + j)) + Vector512.LoadUnsafe(ref b0, (nuint)j);
                (v * m).StoreUnsafe(ref v0, (nuint)(r + j));
            }
        }
    }

    // The 16-lane mask for stream elements index .. index + 15: keepScale where hash / 2²⁴ ≥ p, else 0 (as ApplyMask).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Mask16(uint index, Vector512<uint> s0, Vector512<uint> s1, Vector512<float> p, Vector512<float> keep)
    {
        var lane = Vector512.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u, 11u, 12u, 13u, 14u, 15u);
        var h = Hash(Hash((Vector512.Create(index) + lane) ^ s0) + s1);
        var u = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(h, 8).AsInt32()) * Vector512.Create(1f / (1 << 24));
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(u, p), keep, Vector512<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Hash(Vector512<uint> x)
    {
        x ^= Vector512.ShiftRightLogical(x, 16);
        x *= Vector512.Create(0x7feb352du);
        x ^= Vector512.ShiftRightLogical(x, 15);
        x *= Vector512.Create(0x846ca68bu);
        x ^= Vector512.ShiftRightLogical(x, 16);
        return x;
    }

    // lowbias32 (Chris Wellons): a fast 32-bit integer hash with good avalanche.
    private static uint Hash(uint x)
    {
        unchecked
        {
            x ^= x >> 16;
            x *= 0x7feb352du;
            x ^= x >> 15;
            x *= 0x846ca68bu;
            x ^= x >> 16;
            return x;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Hash(Vector256<uint> x)
    {
        x ^= Vector256.ShiftRightLogical(x, 16);
        x *= Vector256.Create(0x7feb352du);
        x ^= Vector256.ShiftRightLogical(x, 15);
        x *= Vector256.Create(0x846ca68bu);
        x ^= Vector256.ShiftRightLogical(x, 16);
        return x;
    }
}
