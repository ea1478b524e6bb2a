using System.Numerics.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Softmax over the last axis. <paramref name="mask"/> (optional, true = masked out, like PyTorch's
    /// masked_fill(mask, -inf)) has length N (one row pattern) or R·N where the last two axes are (R, N); it repeats
    /// over leading axes. A fully masked row gives zeros. // x: (..., R, N) -> same
    /// </summary>
    /// <exception cref="ArgumentException">The mask length fits neither N nor R·N.</exception>
    public static Tensor Softmax(Tensor x, bool[]? mask = null) => SoftmaxCore(x, mask, log: false);

    /// <summary>log(softmax(x)) over the last axis, computed stably; masked entries give -inf.</summary>
    public static Tensor LogSoftmax(Tensor x, bool[]? mask = null) => SoftmaxCore(x, mask, log: true);

    /// <summary>Upper-triangular causal mask of size (n, n): true above the diagonal (future positions).</summary>
    public static bool[] CausalMask(int n)
    {
        var m = new bool[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                m[(i * n) + j] = true;
            }
        }

        return m;
    }

    private static Tensor SoftmaxCore(Tensor x, bool[]? mask, bool log)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Dim(-1);
        var rows = x.Size / Math.Max(1, n);
        if (mask is not null && mask.Length != n && (x.Rank < 2 || mask.Length != n * x.Dim(-2)))
        {
            throw new ArgumentException($"Softmax: mask of length {mask.Length} fits neither N={n} nor R·N for x {Tensor.ShapeText(x.ShapeRef)}.");
        }

        var y = TensorFactory.Output(x.ShapeRef);
        var period = mask is null ? 1 : mask.Length / n;
        TensorThreads.ForBalanced(rows, 128, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                SoftmaxRow(x.Data.AsSpan(r * n, n), y.Data.AsSpan(r * n, n), mask is null ? default : mask.AsSpan(r % period * n, n), log);
            }
        });
        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer();
            TensorThreads.ForBalanced(rows, 128, (s, e) =>
            {
                for (var r = s; r < e; r++)
                {
                    SoftmaxRowBackward(y.Data.AsSpan(r * n, n), y.Grad.AsSpan(r * n, n), gx.AsSpan(r * n, n), log);
                }
            });
        }, x);
        return y;
    }

    /// <summary>Fast row kernel (TensorPrimitives); <see cref="Kernels.SoftmaxReference"/> is the plain version.</summary>
    internal static void SoftmaxRow(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<bool> mask, bool log)
    {
        var n = x.Length;
        if (mask.IsEmpty)
        {
            var max = TensorPrimitives.Max(x);
            TensorPrimitives.Subtract(x, max, y);
            if (log)
            {
                var tmp = n <= 1024 ? stackalloc float[n] : new float[n];
                FastMath.Exp(y, tmp);
                TensorPrimitives.Subtract(y, MathF.Log(TensorPrimitives.Sum(tmp)), y);
            }
            else
            {
                FastMath.Exp(y, y);
                TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
            }

            return;
        }

        var m = float.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            if (!mask[i] && x[i] > m)
            {
                m = x[i];
            }
        }

        if (float.IsNegativeInfinity(m))
        {
            y.Fill(log ? float.NegativeInfinity : 0f);
            return;
        }

        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var e = mask[i] ? 0f : MathF.Exp(x[i] - m);
            sum += e;
            y[i] = log ? (mask[i] ? float.NegativeInfinity : x[i] - m) : e;
        }

        if (log)
        {
            TensorPrimitives.Subtract(y, (float)Math.Log(sum), y);
        }
        else
        {
            TensorPrimitives.Multiply(y, (float)(1.0 / sum), y);
        }
    }

    internal static void SoftmaxRowBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> gx, bool log)
    {
        var n = y.Length;
        if (log)
        {
            // dx = g - softmax · Σg ; masked entries (y = -inf) get exp(-inf) = 0.
            var sg = TensorPrimitives.Sum(g);
            for (var i = 0; i < n; i++)
            {
                gx[i] += float.IsNegativeInfinity(y[i]) ? 0f : g[i] - (MathF.Exp(y[i]) * sg);
            }
        }
        else
        {
            // dx = y · (g - Σ g·y)
            var dot = TensorPrimitives.Dot(g, y);
            for (var i = 0; i < n; i++)
            {
                gx[i] += y[i] * (g[i] - dot);
            }
        }
    }
}
