using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

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
            TensorPrimitives.Exp(t, t);
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
    /// One row of the bank's output: x̂ = LN-normalised(a·σ(g) + s·w + b) into <paramref name="xhat"/>,
    /// out += sel·(x̂·γ + β); returns 1/σ (rstd). Three vector passes when D is a multiple of 8, else plain loops.
    /// // gate: (2D) = [a, g], w, b, gamma, beta, xhat, outRow: (D)
    /// </summary>
    public static float GluResidualNormRow(ReadOnlySpan<float> gate, float s, ReadOnlySpan<float> w, ReadOnlySpan<float> b,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float sel, Span<float> xhat, Span<float> outRow, float eps)
    {
        var d = xhat.Length;
        if (!Vector256.IsHardwareAccelerated || d % 8 != 0)
        {
            var sum = 0f;
            for (var j = 0; j < d; j++)
            {
                var v = (gate[j] / (1f + MathF.Exp(-gate[d + j]))) + (s * w[j]) + b[j];
                xhat[j] = v;
                sum += v;
            }

            var mean = sum / d;
            var sq = 0f;
            for (var j = 0; j < d; j++)
            {
                var v = xhat[j] - mean;
                xhat[j] = v;
                sq += v * v;
            }

            var rstd = 1f / MathF.Sqrt((sq / d) + eps);
            for (var j = 0; j < d; j++)
            {
                var v = xhat[j] * rstd;
                xhat[j] = v;
                outRow[j] += sel * ((v * gamma[j]) + beta[j]);
            }

            return rstd;
        }

        var one = Vector256.Create(1f);
        var sv = Vector256.Create(s);
        var acc = Vector256<float>.Zero;
        for (var j = 0; j < d; j += 8)
        {
            var sig = one / (one + Vector256.Exp(-Vector256.Create<float>(gate.Slice(d + j, 8))));
            var v = (Vector256.Create<float>(gate.Slice(j, 8)) * sig) + (sv * Vector256.Create<float>(w.Slice(j, 8))) + Vector256.Create<float>(b.Slice(j, 8));
            v.CopyTo(xhat.Slice(j, 8));
            acc += v;
        }

        var meanV = Vector256.Create(Vector256.Sum(acc) / d);
        var sqAcc = Vector256<float>.Zero;
        for (var j = 0; j < d; j += 8)
        {
            var v = Vector256.Create<float>(xhat.Slice(j, 8)) - meanV;
            v.CopyTo(xhat.Slice(j, 8));
            sqAcc += v * v;
        }

        var rs = 1f / MathF.Sqrt((Vector256.Sum(sqAcc) / d) + eps);
        var rsV = Vector256.Create(rs);
        var selV = Vector256.Create(sel);
        for (var j = 0; j < d; j += 8)
        {
            var v = Vector256.Create<float>(xhat.Slice(j, 8)) * rsV;
            v.CopyTo(xhat.Slice(j, 8));
            var y = (v * Vector256.Create<float>(gamma.Slice(j, 8))) + Vector256.Create<float>(beta.Slice(j, 8));
            (Vector256.Create<float>(outRow.Slice(j, 8)) + (selV * y)).CopyTo(outRow.Slice(j, 8));
        }

        return rs;
    }

    /// <summary>Adds the per-block partials (blocks × width, in block order) into <paramref name="dst"/>.</summary>
    public static void ReducePartials(float[] partials, int blocks, int width, Span<float> dst)
    {
        for (var blk = 0; blk < blocks; blk++)
        {
            TensorPrimitives.Add(dst, partials.AsSpan(blk * width, width), dst);
        }
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
