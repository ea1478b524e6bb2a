using System.Numerics.Tensors;

namespace Kosmo.Tensors;

public static partial class Ops
{
    /// <summary>Sum of all elements. // out: scalar ()</summary>
    public static Tensor SumAll(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = TensorFactory.Output([]);
        y.Data[0] = (float)SumDouble(x.Span);
        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer().AsSpan(0, x.Size);
            TensorPrimitives.Add(gx, y.Grad![0], gx);
        }, x);
        return y;
    }

    /// <summary>Mean of all elements. // out: scalar ()</summary>
    public static Tensor MeanAll(Tensor x) => Scale(SumAll(x), 1f / Math.Max(1, x.Size));

    /// <summary>Sum over <paramref name="axis"/>; the axis is kept with length 1 when <paramref name="keepDim"/>.</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDim = false) => ReduceAxis(x, axis, keepDim, mean: false);

    /// <summary>Mean over <paramref name="axis"/>.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDim = false) => ReduceAxis(x, axis, keepDim, mean: true);

    private static Tensor ReduceAxis(Tensor x, int axis, bool keepDim, bool mean)
    {
        ArgumentNullException.ThrowIfNull(x);
        var ax = Tensor.NormAxis(axis, x.Rank);
        var shape = x.ShapeRef;
        int outer = 1, inner = 1, n = shape[ax];
        for (var i = 0; i < ax; i++)
        {
            outer *= shape[i];
        }

        for (var i = ax + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }

        var outShape = keepDim ? shape.Select((d, i) => i == ax ? 1 : d).ToArray() : shape.Where((_, i) => i != ax).ToArray();
        var y = TensorFactory.Output(outShape, zeroed: true);
        var f = mean ? 1f / Math.Max(1, n) : 1f;
        for (var o = 0; o < outer; o++)
        {
            var dst = y.Data.AsSpan(o * inner, inner);
            for (var k = 0; k < n; k++)
            {
                TensorPrimitives.Add(dst, x.Data.AsSpan(((o * n) + k) * inner, inner), dst);
            }

            if (mean)
            {
                TensorPrimitives.Multiply(dst, f, dst);
            }
        }

        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer();
            for (var o = 0; o < outer; o++)
            {
                var g = y.Grad.AsSpan(o * inner, inner);
                for (var k = 0; k < n; k++)
                {
                    var d = gx.AsSpan(((o * n) + k) * inner, inner);
                    TensorPrimitives.MultiplyAdd(g, f, d, d);
                }
            }
        }, x);
        return y;
    }

    internal static double SumDouble(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x)
        {
            s += v;
        }

        return s;
    }
}
