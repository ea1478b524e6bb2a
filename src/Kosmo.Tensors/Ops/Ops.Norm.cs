using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Gated linear unit over the last axis: first half · sigmoid(second half) (PyTorch F.glu(x, -1)).
    /// // x: (..., 2N) -> (..., N)
    /// </summary>
    /// <exception cref="ArgumentException">The last axis is odd.</exception>
    public static Tensor Glu(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var two = x.Dim(-1);
        if (two % 2 != 0)
        {
            throw new ArgumentException($"Glu: last axis of {Tensor.ShapeText(x.ShapeRef)} must be even.");
        }

        var n = two / 2;
        var rows = x.Size / Math.Max(1, two);
        var y = TensorFactory.Output(x.ShapeRef.Take(x.Rank - 1).Append(n).ToArray());
        var sig = TensorFactory.Scratch(rows * n);
        TensorThreads.For(rows, 512, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var sg = sig.AsSpan(r * n, n);
                FastMath.Sigmoid(x.Data.AsSpan((r * two) + n, n), sg);
                TensorPrimitives.Multiply(x.Data.AsSpan(r * two, n), sg, y.Data.AsSpan(r * n, n));
            }
        });
        if (!Tape.Record(y, () =>
        {
            var gx = x.GradBuffer();
            TensorThreads.For(rows, 512, (s, e) =>
            {
                Span<float> tmp = stackalloc float[n];
                for (var r = s; r < e; r++)
                {
                    var g = y.Grad.AsSpan(r * n, n);
                    var sg = sig.AsSpan(r * n, n);
                    var ga = gx.AsSpan(r * two, n);
                    var gb = gx.AsSpan((r * two) + n, n);
                    TensorPrimitives.MultiplyAdd(g, sg, ga, ga);
                    // d/db = g · a · σ(b) · (1 − σ(b)) = g · y · (1 − σ(b))
                    TensorPrimitives.Subtract(1f, sg, tmp);
                    TensorPrimitives.Multiply(tmp, y.Data.AsSpan(r * n, n), tmp);
                    TensorPrimitives.MultiplyAdd(g, tmp, gb, gb);
                }
            });
        }, x))
        {
            TensorFactory.Release(sig);
        }

        return y;
    }

    /// <summary>
    /// Layer normalisation over the last axis (biased variance, PyTorch nn.LayerNorm).
    /// // x: (..., D), gamma: (D), beta: (D) -> (..., D)
    /// </summary>
    /// <exception cref="ArgumentException">gamma/beta length differs from D.</exception>
    public static Tensor LayerNorm(Tensor x, Tensor gamma, Tensor beta, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gamma);
        ArgumentNullException.ThrowIfNull(beta);
        var d = x.Dim(-1);
        if (gamma.Size != d || beta.Size != d)
        {
            throw new ArgumentException($"LayerNorm: x {Tensor.ShapeText(x.ShapeRef)} needs gamma and beta of length {d}, got {gamma.Size} and {beta.Size}.");
        }

        var rows = x.Size / Math.Max(1, d);
        var y = TensorFactory.Output(x.ShapeRef);
        var xhat = TensorFactory.Scratch(x.Size);
        var rstd = TensorFactory.Scratch(rows);
        TensorThreads.For(rows, 256, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var xr = x.Data.AsSpan(r * d, d);
                var mean = TensorPrimitives.Sum(xr) / d;
                var xh = xhat.AsSpan(r * d, d);
                TensorPrimitives.Subtract(xr, mean, xh);
                var variance = TensorPrimitives.Dot(xh, xh) / d;
                var rs = 1f / MathF.Sqrt(variance + eps);
                rstd[r] = rs;
                TensorPrimitives.Multiply(xh, rs, xh);
                var yr = y.Data.AsSpan(r * d, d);
                TensorPrimitives.Multiply(xh, gamma.Span, yr);
                TensorPrimitives.Add(yr, beta.Span, yr);
            }
        });
        var recorded = Tape.Record(y, () =>
        {
            var g = y.Grad!;
            if (gamma.RequiresGrad || beta.RequiresGrad)
            {
                var gg = gamma.GradBuffer().AsSpan(0, d);
                var gbt = beta.GradBuffer().AsSpan(0, d);
                for (var r = 0; r < rows; r++)
                {
                    var gr = g.AsSpan(r * d, d);
                    TensorPrimitives.MultiplyAdd(gr, xhat.AsSpan(r * d, d), gg, gg);
                    TensorPrimitives.Add(gbt, gr, gbt);
                }
            }

            if (x.RequiresGrad)
            {
                var gx = x.GradBuffer();
                TensorThreads.For(rows, 256, (s, e) =>
                {
                    Span<float> gh = stackalloc float[d];
                    for (var r = s; r < e; r++)
                    {
                        // dx = rstd · (ĝ - mean(ĝ) - x̂ · mean(ĝ·x̂)), ĝ = g·gamma
                        var xh = xhat.AsSpan(r * d, d);
                        TensorPrimitives.Multiply(g.AsSpan(r * d, d), gamma.Span, gh);
                        var m1 = TensorPrimitives.Sum(gh) / d;
                        var m2 = TensorPrimitives.Dot(gh, xh) / d;
                        var gxr = gx.AsSpan(r * d, d);
                        for (var j = 0; j < d; j++)
                        {
                            gxr[j] += rstd[r] * (gh[j] - m1 - (xh[j] * m2));
                        }
                    }
                });
            }
        }, x, gamma, beta);
        if (!recorded)
        {
            TensorFactory.Release(xhat);
            TensorFactory.Release(rstd);
        }

        return y;
    }

    /// <summary>
    /// Inverted dropout: zeroes each element with probability <paramref name="p"/> and scales survivors by 1/(1-p).
    /// The mask comes from <paramref name="rng"/> (seeded by the caller); identity when p = 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">p outside [0, 1).</exception>
    public static Tensor Dropout(Tensor x, float p, Random rng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        if (p < 0f || p >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout probability {p} outside [0, 1).");
        }

        if (p == 0f)
        {
            return x;
        }

        var keep = TensorFactory.Scratch(x.Size);
        var scale = 1f / (1f - p);
        // One draw from rng seeds a SplitMix64 stream: deterministic for a given rng state, much faster per element.
        var state = (ulong)rng.NextInt64();
        var threshold = (ulong)(p * 9007199254740992.0); // p · 2^53
        // Element i uses the (i + 1)-th SplitMix64 state, seed + (i + 1)·γ, so chunks start anywhere and the mask is the
        // same for any thread count (bit-identical to the serial stream).
        var y = TensorFactory.Output(x.ShapeRef);
        var xd = x.Data;
        var yd = y.Data;
        TensorThreads.For(x.Size, 1 << 15, (s, e) =>
        {
            var i = s;
            if (Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported)
            {
                // 16 elements per step: the same SplitMix64 states and masks as the scalar loop, in two 8-lane halves.
                const ulong Gamma = 0x9E3779B97F4A7C15UL;
                var lane = Vector512.Create(1UL, 2UL, 3UL, 4UL, 5UL, 6UL, 7UL, 8UL) * Gamma;
                var step8 = Vector512.Create(unchecked(8UL * Gamma));
                var step16 = Vector512.Create(unchecked(16UL * Gamma));
                var lo = Vector512.Create(unchecked(state + ((ulong)s * Gamma))) + lane;
                var hi = lo + step8;
                var thr = Vector512.Create(threshold);
                var scaleV = Vector512.Create(scale);
                for (; i <= e - 16; i += 16)
                {
                    var dropped = Vector512.Narrow(Vector512.LessThan(Mix(lo) >> 11, thr), Vector512.LessThan(Mix(hi) >> 11, thr)).AsSingle();
                    var k = Vector512.ConditionalSelect(dropped, Vector512<float>.Zero, scaleV);
                    k.StoreUnsafe(ref keep[0], (nuint)i);
                    (Vector512.LoadUnsafe(ref xd[0], (nuint)i) * k).StoreUnsafe(ref yd[0], (nuint)i);
                    lo += step16;
                    hi += step16;
                }
            }

            var st = unchecked(state + ((ulong)i * 0x9E3779B97F4A7C15UL));
            for (; i < e; i++)
            {
                st += 0x9E3779B97F4A7C15UL;
                var z = st;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                keep[i] = (z >> 11) < threshold ? 0f : scale;
                yd[i] = xd[i] * keep[i];
            }
        });

        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer().AsSpan(0, x.Size);
            TensorPrimitives.MultiplyAdd(y.Grad.AsSpan(0, x.Size), keep.AsSpan(0, x.Size), gx, gx);
        }, x);
        return y;
    }

    // SplitMix64's output mix on eight states at once.
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
