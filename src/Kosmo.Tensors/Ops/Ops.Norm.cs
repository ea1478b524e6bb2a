using System.Numerics.Tensors;

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
                TensorPrimitives.Sigmoid(x.Data.AsSpan((r * two) + n, n), sg);
                TensorPrimitives.Multiply(x.Data.AsSpan(r * two, n), sg, y.Data.AsSpan(r * n, n));
            }
        });
        if (!Tape.Record(y, () =>
        {
            var gx = x.GradBuffer();
            TensorThreads.For(rows, 512, (s, e) =>
            {
                for (var r = s; r < e; r++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        var g = y.Grad![(r * n) + j];
                        var sgv = sig[(r * n) + j];
                        var a = x.Data[(r * two) + j];
                        gx[(r * two) + j] += g * sgv;
                        gx[(r * two) + n + j] += g * a * sgv * (1f - sgv);
                    }
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
        for (var i = 0; i < x.Size; i++)
        {
            keep[i] = rng.NextDouble() < p ? 0f : scale;
        }

        var y = TensorFactory.Output(x.ShapeRef);
        TensorPrimitives.Multiply(x.Span, keep.AsSpan(0, x.Size), y.Span);
        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer().AsSpan(0, x.Size);
            TensorPrimitives.MultiplyAdd(y.Grad.AsSpan(0, x.Size), keep.AsSpan(0, x.Size), gx, gx);
        }, x);
        return y;
    }
}
