using System.Numerics.Tensors;

namespace Kosmo.Tensors;

/// <summary>
/// Differentiable tensor operations. Every op checks shapes (ArgumentException naming the op and shapes), allocates
/// its output through <see cref="TensorArena"/>, and records its backward step on the <see cref="Tape"/>.
/// </summary>
public static partial class Ops
{
    /// <summary>a + b with NumPy broadcasting. // a, b: up to 4-D; out: broadcast shape</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary(a, b, BinKind.Add);

    /// <summary>a - b with broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b) => Binary(a, b, BinKind.Sub);

    /// <summary>a * b (elementwise) with broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b) => Binary(a, b, BinKind.Mul);

    /// <summary>a / b (elementwise) with broadcasting.</summary>
    public static Tensor Div(Tensor a, Tensor b) => Binary(a, b, BinKind.Div);

    /// <summary>x * s + t for scalars s, t.</summary>
    public static Tensor Affine(Tensor x, float scale, float shift)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = TensorFactory.Output(x.ShapeRef);
        TensorPrimitives.Multiply(x.Span, scale, y.Span);
        TensorPrimitives.Add(y.Span, shift, y.Span);
        Tape.Record(y, () => TensorPrimitives.MultiplyAdd(y.Grad.AsSpan(0, y.Size), scale, x.GradBuffer().AsSpan(0, x.Size), x.GradBuffer().AsSpan(0, x.Size)), x);
        return y;
    }

    /// <summary>x * s.</summary>
    public static Tensor Scale(Tensor x, float s) => Affine(x, s, 0f);

    /// <summary>-x.</summary>
    public static Tensor Neg(Tensor x) => Affine(x, -1f, 0f);

    private enum BinKind
    {
        Add,
        Sub,
        Mul,
        Div,
    }

    private static Tensor Binary(Tensor a, Tensor b, BinKind kind)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = Broadcast.Shape(a.ShapeRef, b.ShapeRef, kind.ToString());
        var n = Tensor.Product(shape);
        if (TryBinaryFast(a, b, shape, n, kind) is { } fast)
        {
            return fast;
        }

        var y = TensorFactory.Output(shape);
        var ae = Expanded(a, shape, n);
        var be = Expanded(b, shape, n);
        var av = ae.AsSpan(0, n);
        var bv = be.AsSpan(0, n);
        switch (kind)
        {
            case BinKind.Add: TensorPrimitives.Add(av, bv, y.Span); break;
            case BinKind.Sub: TensorPrimitives.Subtract(av, bv, y.Span); break;
            case BinKind.Mul: TensorPrimitives.Multiply(av, bv, y.Span); break;
            default: TensorPrimitives.Divide(av, bv, y.Span); break;
        }

        var needsInputs = kind is BinKind.Mul or BinKind.Div;
        if (!needsInputs)
        {
            ReleaseExpanded(a, ae);
            ReleaseExpanded(b, be);
        }

        var recorded = Tape.Record(y, () =>
        {
            var g = y.Grad.AsSpan(0, n);
            if (a.RequiresGrad)
            {
                var t = TensorFactory.Scratch(n);
                var ts = t.AsSpan(0, n);
                switch (kind)
                {
                    case BinKind.Add:
                    case BinKind.Sub: g.CopyTo(ts); break;
                    case BinKind.Mul: TensorPrimitives.Multiply(g, be.AsSpan(0, n), ts); break;
                    default: TensorPrimitives.Divide(g, be.AsSpan(0, n), ts); break;
                }

                Accumulate(a, t, shape);
                TensorFactory.Release(t);
            }

            if (b.RequiresGrad)
            {
                var t = TensorFactory.Scratch(n);
                var ts = t.AsSpan(0, n);
                switch (kind)
                {
                    case BinKind.Add: g.CopyTo(ts); break;
                    case BinKind.Sub: TensorPrimitives.Negate(g, ts); break;
                    case BinKind.Mul: TensorPrimitives.Multiply(g, ae.AsSpan(0, n), ts); break;
                    default:
                        // d(a/b)/db = -y / b
                        TensorPrimitives.Multiply(g, y.Span, ts);
                        TensorPrimitives.Divide(ts, be.AsSpan(0, n), ts);
                        TensorPrimitives.Negate(ts, ts);
                        break;
                }

                Accumulate(b, t, shape);
                TensorFactory.Release(t);
            }
        }, a, b);
        if (!recorded && needsInputs)
        {
            ReleaseExpanded(a, ae);
            ReleaseExpanded(b, be);
        }

        return y;
    }

    private static void ReleaseExpanded(Tensor x, float[] e)
    {
        if (!ReferenceEquals(e, x.Data))
        {
            TensorFactory.Release(e);
        }
    }

    /// <summary>The data of <paramref name="x"/> broadcast to <paramref name="shape"/> (x.Data itself when equal).</summary>
    private static float[] Expanded(Tensor x, int[] shape, int n)
    {
        if (x.Size == n)
        {
            return x.Data;
        }

        var e = TensorFactory.Scratch(n);
        Broadcast.Expand(x.Data, x.ShapeRef, shape, e);
        return e;
    }

    /// <summary>x.grad += reduce(t) where t has the broadcast <paramref name="shape"/>.</summary>
    private static void Accumulate(Tensor x, float[] t, int[] shape)
    {
        var gx = x.GradBuffer();
        if (x.Size == Tensor.Product(shape))
        {
            TensorPrimitives.Add(gx.AsSpan(0, x.Size), t.AsSpan(0, x.Size), gx.AsSpan(0, x.Size));
        }
        else
        {
            Broadcast.ReduceAdd(t, shape, x.ShapeRef, gx);
        }
    }
}
