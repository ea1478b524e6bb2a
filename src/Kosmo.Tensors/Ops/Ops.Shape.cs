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
        PermuteWalk(inShape, perm, x.Data, y.Data, scatterAdd: false);
        Tape.Record(y, () => PermuteWalk(inShape, perm, x.GradBuffer(), y.Grad!, scatterAdd: true), x);
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

    /// <summary>
    /// The permutation's element walk without an index map (the map was a full-size int array per call, outside the
    /// tensor arena): output element o reads input element src(o), visited row by row of the output's last axis with
    /// src advanced by strides. Gather: <paramref name="output"/>[o] = <paramref name="input"/>[src(o)]. Scatter-add
    /// (backward): input[src(o)] += output[o]; a permutation visits each input element once, so the sums are exact.
    /// </summary>
    private static void PermuteWalk(int[] inShape, int[] perm, float[] input, float[] output, bool scatterAdd)
    {
        var r = inShape.Length;
        Span<int> inStrides = stackalloc int[r];
        var total = 1;
        for (var i = r - 1; i >= 0; i--)
        {
            inStrides[i] = total;
            total *= inShape[i];
        }

        if (total == 0)
        {
            return;
        }

        // Per output axis: its length and the input stride it walks.
        Span<int> len = stackalloc int[r];
        Span<int> step = stackalloc int[r];
        for (var i = 0; i < r; i++)
        {
            len[i] = inShape[perm[i]];
            step[i] = inStrides[perm[i]];
        }

        var last = len[r - 1];
        var lastStep = step[r - 1];
        Span<int> idx = stackalloc int[r];
        idx.Clear();
        var src = 0;
        for (var o = 0; o < total; o += last)
        {
            if (scatterAdd)
            {
                for (int j = 0, s = src; j < last; j++, s += lastStep)
                {
                    input[s] += output[o + j];
                }
            }
            else if (lastStep == 1)
            {
                Array.Copy(input, src, output, o, last);
            }
            else
            {
                for (int j = 0, s = src; j < last; j++, s += lastStep)
                {
                    output[o + j] = input[s];
                }
            }

            // Advance the odometer over the output axes before the last one.
            for (var i = r - 2; i >= 0; i--)
            {
                src += step[i];
                if (++idx[i] < len[i])
                {
                    break;
                }

                src -= step[i] * len[i];
                idx[i] = 0;
            }
        }
    }
}
