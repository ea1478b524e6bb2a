using System.Numerics.Tensors;

namespace Kosmo.Tensors;

public static partial class Ops
{
    /// <summary>Same data, new shape (one dimension may be -1). Shares the values buffer with <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        var s = (int[])shape.Clone();
        var infer = Array.IndexOf(s, -1);
        if (infer >= 0)
        {
            var known = 1;
            for (var i = 0; i < s.Length; i++)
            {
                known *= i == infer ? 1 : s[i];
            }

            s[infer] = known == 0 ? 0 : x.Size / known;
        }

        if (Tensor.Product(Tensor.CheckShape(s)) != x.Size)
        {
            throw new ArgumentException($"Reshape: cannot view {Tensor.ShapeText(x.ShapeRef)} ({x.Size} elements) as {Tensor.ShapeText(shape)}.");
        }

        var y = new Tensor(x.Data, s);
        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer().AsSpan(0, x.Size);
            TensorPrimitives.Add(gx, y.Grad.AsSpan(0, x.Size), gx);
        }, x);
        return y;
    }

    /// <summary>Swaps axes <paramref name="axis0"/> and <paramref name="axis1"/> (copying into a contiguous tensor).</summary>
    public static Tensor Transpose(Tensor x, int axis0, int axis1)
    {
        ArgumentNullException.ThrowIfNull(x);
        var a0 = Tensor.NormAxis(axis0, x.Rank);
        var a1 = Tensor.NormAxis(axis1, x.Rank);
        var perm = Enumerable.Range(0, x.Rank).ToArray();
        (perm[a0], perm[a1]) = (perm[a1], perm[a0]);
        return Permute(x, perm);
    }

    /// <summary>Reorders axes: out axis i is input axis perm[i]. Copies.</summary>
    /// <exception cref="ArgumentException">perm is not a permutation of the axes.</exception>
    public static Tensor Permute(Tensor x, params int[] perm)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(perm);
        if (perm.Length != x.Rank || perm.Distinct().Count() != x.Rank || perm.Any(p => p < 0 || p >= x.Rank))
        {
            throw new ArgumentException($"Permute: [{string.Join(", ", perm)}] is not a permutation of the axes of {Tensor.ShapeText(x.ShapeRef)}.");
        }

        var inShape = x.ShapeRef;
        var outShape = perm.Select(p => inShape[p]).ToArray();
        var y = TensorFactory.Output(outShape);
        var map = PermuteMap(inShape, perm);
        for (var i = 0; i < map.Length; i++)
        {
            y.Data[i] = x.Data[map[i]];
        }

        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer();
            for (var i = 0; i < map.Length; i++)
            {
                gx[map[i]] += y.Grad![i];
            }
        }, x);
        return y;
    }

    /// <summary>Elements [start, start+length) along <paramref name="axis"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range leaves the axis.</exception>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(x);
        var ax = Tensor.NormAxis(axis, x.Rank);
        var shape = x.ShapeRef;
        if (start < 0 || length < 0 || start + length > shape[ax])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {start + length}) outside axis {ax} of {Tensor.ShapeText(shape)}.");
        }

        var (outer, n, inner) = Split(shape, ax);
        var outShape = (int[])shape.Clone();
        outShape[ax] = length;
        var y = TensorFactory.Output(outShape);
        for (var o = 0; o < outer; o++)
        {
            Array.Copy(x.Data, ((o * n) + start) * inner, y.Data, o * length * inner, length * inner);
        }

        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer();
            for (var o = 0; o < outer; o++)
            {
                var d = gx.AsSpan(((o * n) + start) * inner, length * inner);
                TensorPrimitives.Add(d, y.Grad.AsSpan(o * length * inner, length * inner), d);
            }
        }, x);
        return y;
    }

    /// <summary>Joins tensors along an existing axis; all other dimensions must match.</summary>
    /// <exception cref="ArgumentException">Empty list, or mismatched ranks/dimensions.</exception>
    public static Tensor Concat(IReadOnlyList<Tensor> xs, int axis)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Count == 0)
        {
            throw new ArgumentException("Concat: no tensors.");
        }

        var first = xs[0].ShapeRef;
        var ax = Tensor.NormAxis(axis, first.Length);
        var total = 0;
        foreach (var t in xs)
        {
            var s = t.ShapeRef;
            if (s.Length != first.Length || s.Where((d, i) => i != ax && d != first[i]).Any())
            {
                throw new ArgumentException($"Concat: shape {Tensor.ShapeText(s)} does not match {Tensor.ShapeText(first)} outside axis {ax}.");
            }

            total += s[ax];
        }

        var (outer, _, inner) = Split(first, ax);
        var outShape = (int[])first.Clone();
        outShape[ax] = total;
        var y = TensorFactory.Output(outShape);
        var offsets = new int[xs.Count];
        var off = 0;
        for (var j = 0; j < xs.Count; j++)
        {
            offsets[j] = off;
            var len = xs[j].ShapeRef[ax] * inner;
            for (var o = 0; o < outer; o++)
            {
                Array.Copy(xs[j].Data, o * len, y.Data, (o * total * inner) + off, len);
            }

            off += len;
        }

        var inputs = xs.ToArray();
        Tape.Record(y, () =>
        {
            for (var j = 0; j < inputs.Length; j++)
            {
                if (!inputs[j].RequiresGrad)
                {
                    continue;
                }

                var gx = inputs[j].GradBuffer();
                var len = inputs[j].ShapeRef[ax] * inner;
                for (var o = 0; o < outer; o++)
                {
                    var d = gx.AsSpan(o * len, len);
                    TensorPrimitives.Add(d, y.Grad.AsSpan((o * total * inner) + offsets[j], len), d);
                }
            }
        }, inputs);
        return y;
    }

    /// <summary>Stacks equally shaped tensors along a new axis (0..rank).</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> xs, int axis)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Count == 0)
        {
            throw new ArgumentException("Stack: no tensors.");
        }

        var s = xs[0].ShapeRef;
        var ax = axis < 0 ? axis + s.Length + 1 : axis;
        if (ax < 0 || ax > s.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Stack axis {axis} out of range for rank {s.Length}.");
        }

        var un = s.Take(ax).Append(1).Concat(s.Skip(ax)).ToArray();
        return Concat(xs.Select(t => Reshape(t, un)).ToArray(), ax);
    }

    /// <summary>Rows of <paramref name="x"/> along axis 0 picked by <paramref name="index"/>. // x: (N, ...) -> (len(index), ...)</summary>
    /// <exception cref="IndexOutOfRangeException">An index outside [0, N).</exception>
    public static Tensor IndexSelect(Tensor x, int[] index)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(index);
        var shape = x.ShapeRef;
        var row = shape.Length == 0 ? 1 : x.Size / Math.Max(1, shape[0]);
        var outShape = (int[])shape.Clone();
        outShape[0] = index.Length;
        var y = TensorFactory.Output(outShape);
        for (var i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)shape[0])
            {
                throw new IndexOutOfRangeException($"IndexSelect: index {index[i]} at position {i} outside [0, {shape[0]}).");
            }

            Array.Copy(x.Data, index[i] * row, y.Data, i * row, row);
        }

        Tape.Record(y, () =>
        {
            var gx = x.GradBuffer();
            for (var i = 0; i < index.Length; i++)
            {
                var d = gx.AsSpan(index[i] * row, row);
                TensorPrimitives.Add(d, y.Grad.AsSpan(i * row, row), d);
            }
        }, x);
        return y;
    }

    /// <summary>Embedding lookup. // weight: (V, D), ids: n values in [0, V) -> (n, D)</summary>
    public static Tensor Embedding(Tensor weight, int[] ids) => IndexSelect(weight, ids);

    internal static (int Outer, int N, int Inner) Split(int[] shape, int ax)
    {
        int outer = 1, inner = 1;
        for (var i = 0; i < ax; i++)
        {
            outer *= shape[i];
        }

        for (var i = ax + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }

        return (outer, shape[ax], inner);
    }

    private static int[] PermuteMap(int[] inShape, int[] perm)
    {
        var r = inShape.Length;
        var inStrides = new int[r];
        var acc = 1;
        for (var i = r - 1; i >= 0; i--)
        {
            inStrides[i] = acc;
            acc *= inShape[i];
        }

        var outShape = perm.Select(p => inShape[p]).ToArray();
        var map = new int[acc];
        var idx = new int[r];
        for (var o = 0; o < acc; o++)
        {
            var src = 0;
            for (var i = 0; i < r; i++)
            {
                src += idx[i] * inStrides[perm[i]];
            }

            map[o] = src;
            for (var i = r - 1; i >= 0; i--)
            {
                if (++idx[i] < outShape[i])
                {
                    break;
                }

                idx[i] = 0;
            }
        }

        return map;
    }
}
