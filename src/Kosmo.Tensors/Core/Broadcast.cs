namespace Kosmo.Tensors;

/// <summary>NumPy broadcasting helpers on up-to-4-D row-major buffers.</summary>
internal static class Broadcast
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public static int[] Shape(int[] a, int[] b, string op)
    {
        var r = Math.Max(a.Length, b.Length);
        var o = new int[r];
        for (var i = 0; i < r; i++)
        {
            var da = i - (r - a.Length) >= 0 ? a[i - (r - a.Length)] : 1;
            var db = i - (r - b.Length) >= 0 ? b[i - (r - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {Tensor.ShapeText(a)} and {Tensor.ShapeText(b)} do not broadcast (axis {i}: {da} vs {db}).");
            }

            o[i] = da == 1 ? db : da;
        }

        return o;
    }

    /// <summary>Pads <paramref name="shape"/> on the left to 4 dims.</summary>
    public static int[] Pad4(int[] shape)
    {
        var p = new int[4] { 1, 1, 1, 1 };
        Array.Copy(shape, 0, p, 4 - shape.Length, shape.Length);
        return p;
    }

    /// <summary>Strides of src4 inside <paramref name="out4"/>, 0 where broadcast.</summary>
    private static int[] Strides(int[] src4, int[] out4)
    {
        var s = new int[4];
        var acc = 1;
        for (var i = 3; i >= 0; i--)
        {
            s[i] = src4[i] == 1 && out4[i] != 1 ? 0 : acc;
            acc *= src4[i];
        }

        return s;
    }

    /// <summary>dst[out] = src[broadcast index] (dst has the output shape).</summary>
    public static void Expand(float[] src, int[] srcShape, int[] outShape, float[] dst)
    {
        var o = Pad4(outShape);
        var s = Strides(Pad4(srcShape), o);
        var d = 0;
        for (var i0 = 0; i0 < o[0]; i0++)
        {
            for (var i1 = 0; i1 < o[1]; i1++)
            {
                for (var i2 = 0; i2 < o[2]; i2++)
                {
                    var baseIdx = (i0 * s[0]) + (i1 * s[1]) + (i2 * s[2]);
                    if (s[3] == 1)
                    {
                        Array.Copy(src, baseIdx, dst, d, o[3]);
                    }
                    else
                    {
                        Array.Fill(dst, src[baseIdx], d, o[3]);
                    }

                    d += o[3];
                }
            }
        }
    }

    /// <summary>dst[src index] += src[out] summed over broadcast axes (src has the output shape).</summary>
    public static void ReduceAdd(float[] src, int[] outShape, int[] dstShape, float[] dst)
    {
        var o = Pad4(outShape);
        var s = Strides(Pad4(dstShape), o);
        var d = 0;
        for (var i0 = 0; i0 < o[0]; i0++)
        {
            for (var i1 = 0; i1 < o[1]; i1++)
            {
                for (var i2 = 0; i2 < o[2]; i2++)
                {
                    var baseIdx = (i0 * s[0]) + (i1 * s[1]) + (i2 * s[2]);
                    var seg = src.AsSpan(d, o[3]);
                    if (s[3] == 1)
                    {
                        var dd = dst.AsSpan(baseIdx, o[3]);
                        System.Numerics.Tensors.TensorPrimitives.Add(dd, seg, dd);
                    }
                    else
                    {
                        dst[baseIdx] += System.Numerics.Tensors.TensorPrimitives.Sum(seg);
                    }

                    d += o[3];
                }
            }
        }
    }
}
