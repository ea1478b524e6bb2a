using System.Runtime.Intrinsics;
using System.Numerics.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors;

public static partial class Ops
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;

    private enum UnKind
    {
        Exp,
        Log,
        Sqrt,
        Tanh,
        Sigmoid,
        Relu,
        Elu,
        Gelu,
    }

    /// <summary>exp(x), elementwise.</summary>
    public static Tensor Exp(Tensor x) => Unary(x, UnKind.Exp);

    /// <summary>Natural log, elementwise (x &lt;= 0 gives -inf/NaN as in IEEE).</summary>
    public static Tensor Log(Tensor x) => Unary(x, UnKind.Log);

    /// <summary>Square root, elementwise.</summary>
    public static Tensor Sqrt(Tensor x) => Unary(x, UnKind.Sqrt);

    /// <summary>tanh(x).</summary>
    public static Tensor Tanh(Tensor x) => Unary(x, UnKind.Tanh);

    /// <summary>1 / (1 + exp(-x)).</summary>
    public static Tensor Sigmoid(Tensor x) => Unary(x, UnKind.Sigmoid);

    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) => Unary(x, UnKind.Relu);

    /// <summary>ELU with alpha = 1: x for x &gt; 0, exp(x) - 1 otherwise (PyTorch F.elu).</summary>
    public static Tensor Elu(Tensor x) => Unary(x, UnKind.Elu);

    /// <summary>Exact GELU: 0.5·x·(1 + erf(x/√2)) (PyTorch F.gelu default).</summary>
    public static Tensor Gelu(Tensor x) => Unary(x, UnKind.Gelu);

    private static Tensor Unary(Tensor x, UnKind kind)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Size;
        var y = TensorFactory.Output(x.ShapeRef);
        TensorThreads.ForBalanced(n, 1 << 14, (s, e) => UnaryForward(kind, x.Data.AsSpan(s, e - s), y.Data.AsSpan(s, e - s)));
        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer();
            TensorThreads.ForBalanced(n, 1 << 14, (s, e) =>
                UnaryBackwardChunked(kind, x.Data.AsSpan(s, e - s), y.Data.AsSpan(s, e - s), y.Grad.AsSpan(s, e - s), gx.AsSpan(s, e - s)));
        }, x);
        return y;
    }

    private static void UnaryForward(UnKind kind, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (kind)
        {
            case UnKind.Exp: FastMath.Exp(x, y); break;
            case UnKind.Log: TensorPrimitives.Log(x, y); break;
            case UnKind.Sqrt: TensorPrimitives.Sqrt(x, y); break;
            case UnKind.Tanh: FastMath.Tanh(x, y); break;
            case UnKind.Sigmoid: FastMath.Sigmoid(x, y); break;
            case UnKind.Relu: TensorPrimitives.Max(x, 0f, y); break;
            case UnKind.Elu: EluForward(x, y); break;
            default:
                for (var i = 0; i < x.Length; i++)
                {
                    y[i] = 0.5f * x[i] * (1f + Erf(x[i] * InvSqrt2));
                }

                break;
        }
    }

    private static void UnaryBackwardChunked(UnKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> gx)
    {
        for (var s = 0; s < x.Length; s += 4096)
        {
            var len = Math.Min(4096, x.Length - s);
            UnaryBackward(kind, x.Slice(s, len), y.Slice(s, len), g.Slice(s, len), gx.Slice(s, len));
        }
    }

    private static void UnaryBackward(UnKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> gx)
    {
        var n = x.Length;
        var tmp = n <= 4096 ? stackalloc float[n] : new float[n];
        switch (kind)
        {
            case UnKind.Exp: TensorPrimitives.Multiply(g, y, tmp); break;
            case UnKind.Log: TensorPrimitives.Divide(g, x, tmp); break;
            case UnKind.Sqrt:
                TensorPrimitives.Divide(g, y, tmp);
                TensorPrimitives.Multiply(tmp, 0.5f, tmp);
                break;
            case UnKind.Tanh:
                // g · (1 − y²)
                TensorPrimitives.Multiply(y, y, tmp);
                TensorPrimitives.Subtract(1f, tmp, tmp);
                TensorPrimitives.Multiply(tmp, g, tmp);
                break;
            case UnKind.Sigmoid:
                TensorPrimitives.Subtract(1f, y, tmp);
                TensorPrimitives.Multiply(tmp, y, tmp);
                TensorPrimitives.Multiply(tmp, g, tmp);
                break;
            case UnKind.Relu:
                for (var i = 0; i < n; i++)
                {
                    tmp[i] = x[i] > 0 ? g[i] : 0f;
                }

                break;
            case UnKind.Elu: EluBackward(x, y, g, tmp); break;
            default:
                for (var i = 0; i < n; i++)
                {
                    tmp[i] = g[i] * ((0.5f * (1f + Erf(x[i] * InvSqrt2))) + (x[i] * InvSqrt2Pi * MathF.Exp(-0.5f * x[i] * x[i])));
                }

                break;
        }

        TensorPrimitives.Add(gx, tmp, gx);
    }

    // y = x > 0 ? x : eˣ − 1, eight lanes at a time (exp of min(x, 0) so positive lanes cannot overflow).
    private static void EluForward(ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            for (; i <= x.Length - 8; i += 8)
            {
                var v = Vector256.Create<float>(x.Slice(i, 8));
                var e = FastMath.Exp(v) - one;
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, e).CopyTo(y.Slice(i, 8));
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] > 0 ? x[i] : MathF.Exp(x[i]) - 1f;
        }
    }

    // tmp = x > 0 ? g : g·(y + 1).
    private static void EluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> tmp)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            for (; i <= x.Length - 8; i += 8)
            {
                var gv = Vector256.Create<float>(g.Slice(i, 8));
                var neg = gv * (Vector256.Create<float>(y.Slice(i, 8)) + one);
                Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Create<float>(x.Slice(i, 8)), Vector256<float>.Zero), gv, neg)
                    .CopyTo(tmp.Slice(i, 8));
            }
        }

        for (; i < x.Length; i++)
        {
            tmp[i] = x[i] > 0 ? g[i] : g[i] * (y[i] + 1f);
        }
    }

    /// <summary>erf(x) to about 1e-7 absolute (series below 0.5, Chebyshev erfc fit above, in double).</summary>
    internal static float Erf(float xf)
    {
        double x = xf;
        var ax = Math.Abs(x);
        double r;
        if (ax < 0.5)
        {
            // Maclaurin series, converges fast for |x| < 0.5.
            double x2 = x * x, term = x, sum = x;
            for (var k = 1; k < 12; k++)
            {
                term *= -x2 / k;
                sum += term / ((2 * k) + 1);
            }

            return (float)(sum * 1.1283791670955126);
        }

        // erfc Chebyshev fit (Numerical Recipes erfcc, fractional error < 1.2e-7) for |x| >= 0.5.
        var t = 1.0 / (1.0 + (0.5 * ax));
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = c[9];
        for (var i = 8; i >= 0; i--)
        {
            poly = (poly * t) + c[i];
        }

        var tau = t * Math.Exp((-ax * ax) + poly);
        r = 1.0 - tau;
        return (float)(x >= 0 ? r : -r);
    }
}
