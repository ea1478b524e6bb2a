using System.Numerics.Tensors;

namespace Kosmo.Tensors;

public static partial class Ops
{
    // Below this many elements a parallel region costs more than it saves.
    private const int BinaryParallelMin = 1 << 15;

    /// <summary>
    /// Add, Sub and Mul where one operand has the output's size and the other is either full too or broadcast along one
    /// contiguous run of axes (shape (outer, 1, inner) against (outer, mid, inner): a context vector per sample added to
    /// every time step, a bias added to every row). Runs in parallel row blocks and never materialises the broadcast;
    /// every gradient element gets the same additions in the same order as in the generic path (so the same bits, at
    /// any thread count). Needs inner ≥ 16 (a broadcast over the last axis goes the generic way). Returns null for any
    /// other pattern.
    /// </summary>
    private static Tensor? TryBinaryFast(Tensor a, Tensor b, int[] shape, int n, BinKind kind)
    {
        if (kind == BinKind.Div || n < BinaryParallelMin)
        {
            return null;
        }

        var aFull = a.Size == n;
        var bFull = b.Size == n;
        if (aFull && bFull)
        {
            return FullBinary(a, b, shape, n, kind);
        }

        if (!aFull && !bFull)
        {
            return null;
        }

        var small = aFull ? b : a;
        if (!MiddleBroadcast(small.ShapeRef, shape, out var outer, out var mid, out var inner) || inner < 16)
        {
            return null;
        }

        return BroadcastBinary(aFull ? a : b, small, smallIsA: !aFull, shape, kind, outer, mid, inner);
    }

    // small (padded to shape's rank) equals shape except on one contiguous run of axes where it is 1.
    private static bool MiddleBroadcast(int[] smallShape, int[] shape, out int outer, out int mid, out int inner)
    {
        outer = mid = inner = 1;
        var pad = shape.Length - smallShape.Length;
        if (pad < 0)
        {
            return false;
        }

        int first = -1, last = -1;
        for (var i = 0; i < shape.Length; i++)
        {
            var s = i < pad ? 1 : smallShape[i - pad];
            if (s == shape[i])
            {
                continue;
            }

            if (s != 1 || (last >= 0 && last != i - 1))
            {
                return false;
            }

            if (first < 0)
            {
                first = i;
            }

            last = i;
        }

        if (first < 0)
        {
            return false;
        }

        for (var i = 0; i < shape.Length; i++)
        {
            if (i < first)
            {
                outer *= shape[i];
            }
            else if (i <= last)
            {
                mid *= shape[i];
            }
            else
            {
                inner *= shape[i];
            }
        }

        return true;
    }

    private static Tensor FullBinary(Tensor a, Tensor b, int[] shape, int n, BinKind kind)
    {
        var y = TensorFactory.Output(shape);
        float[] ad = a.Data, bd = b.Data, yd = y.Data;
        TensorThreads.ForBalanced(n, BinaryParallelMin / 2, (s, e) =>
        {
            ReadOnlySpan<float> av = ad.AsSpan(s, e - s), bv = bd.AsSpan(s, e - s);
            var yv = yd.AsSpan(s, e - s);
            switch (kind)
            {
                case BinKind.Add: TensorPrimitives.Add(av, bv, yv); break;
                case BinKind.Sub: TensorPrimitives.Subtract(av, bv, yv); break;
                default: TensorPrimitives.Multiply(av, bv, yv); break;
            }
        });

        Tape.Record(y, () =>
        {
            var g = y.Grad!;
            if (a.RequiresGrad)
            {
                var ga = a.GradBuffer();
                TensorThreads.ForBalanced(n, BinaryParallelMin / 2, (s, e) =>
                {
                    if (kind == BinKind.Mul)
                    {
                        MulAdd(g, bd, ga, s, e);
                    }
                    else
                    {
                        TensorPrimitives.Add(ga.AsSpan(s, e - s), g.AsSpan(s, e - s), ga.AsSpan(s, e - s));
                    }
                });
            }

            if (b.RequiresGrad)
            {
                var gb = b.GradBuffer();
                TensorThreads.ForBalanced(n, BinaryParallelMin / 2, (s, e) =>
                {
                    var gbv = gb.AsSpan(s, e - s);
                    switch (kind)
                    {
                        case BinKind.Add: TensorPrimitives.Add(gbv, g.AsSpan(s, e - s), gbv); break;
                        case BinKind.Sub: TensorPrimitives.Subtract(gbv, g.AsSpan(s, e - s), gbv); break;
                        default: MulAdd(g, ad, gb, s, e); break;
                    }
                });
            }
        }, a, b);
        return y;
    }

    // dst[s..e) += x·y element-wise, product rounded before the sum (as t = x·y; dst += t).
    private static void MulAdd(float[] x, float[] y, float[] dst, int s, int e)
    {
        for (var o = s; o < e; o += 1024)
        {
            var len = Math.Min(1024, e - o);
            MulAdd(x.AsSpan(o, len), y.AsSpan(o, len), dst.AsSpan(o, len));
        }
    }

    private static void MulAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        Span<float> t = stackalloc float[1024];
        for (var o = 0; o < x.Length; o += 1024)
        {
            var len = Math.Min(1024, x.Length - o);
            TensorPrimitives.Multiply(x.Slice(o, len), y.Slice(o, len), t[..len]);
            TensorPrimitives.Add(dst.Slice(o, len), t[..len], dst.Slice(o, len));
        }
    }

    private static Tensor BroadcastBinary(Tensor full, Tensor small, bool smallIsA, int[] shape, BinKind kind, int outer, int mid, int inner)
    {
        var y = TensorFactory.Output(shape);
        float[] fd = full.Data, sd = small.Data, yd = y.Data;
        var rows = outer * mid;
        var minRows = Math.Max(1, BinaryParallelMin / inner);
        TensorThreads.ForBalanced(rows, Math.Max(1, minRows / 2), (r0, r1) =>
        {
            for (var r = r0; r < r1; r++)
            {
                ReadOnlySpan<float> fv = fd.AsSpan(r * inner, inner), sv = sd.AsSpan(r / mid * inner, inner);
                var yv = yd.AsSpan(r * inner, inner);
                switch (kind)
                {
                    case BinKind.Add: TensorPrimitives.Add(fv, sv, yv); break;
                    case BinKind.Sub when smallIsA: TensorPrimitives.Subtract(sv, fv, yv); break;
                    case BinKind.Sub: TensorPrimitives.Subtract(fv, sv, yv); break;
                    default: TensorPrimitives.Multiply(fv, sv, yv); break;
                }
            }
        });

        Tape.Record(y, () =>
        {
            var g = y.Grad!;
            // The generic path accumulates a's gradient before b's; keep that order (a and b may be one tensor).
            if (smallIsA)
            {
                SmallGrad();
                FullGrad();
            }
            else
            {
                FullGrad();
                SmallGrad();
            }

            void FullGrad()
            {
                if (!full.RequiresGrad)
                {
                    return;
                }

                var gf = full.GradBuffer();
                var negate = kind == BinKind.Sub && smallIsA;
                TensorThreads.ForBalanced(rows, Math.Max(1, minRows / 2), (r0, r1) =>
                {
                    for (var r = r0; r < r1; r++)
                    {
                        var gfv = gf.AsSpan(r * inner, inner);
                        var gv = g.AsSpan(r * inner, inner);
                        if (kind == BinKind.Mul)
                        {
                            // as the generic path: t = g·s rounded, then gf += t
                            MulAdd(gv, sd.AsSpan(r / mid * inner, inner), gfv);
                        }
                        else if (negate)
                        {
                            TensorPrimitives.Subtract(gfv, gv, gfv);
                        }
                        else
                        {
                            TensorPrimitives.Add(gfv, gv, gfv);
                        }
                    }
                });
            }

            void SmallGrad()
            {
                if (!small.RequiresGrad)
                {
                    return;
                }

                var gs = small.GradBuffer();
                var negate = kind == BinKind.Sub && !smallIsA;

                // Each output element of gs sums its mid rows in order; the work is split over outer blocks, or over
                // column ranges when there is one block, so every element sees the same sequence of additions.
                if (outer >= 2)
                {
                    TensorThreads.For(outer, Math.Max(1, BinaryParallelMin / (mid * inner)), (o0, o1) =>
                    {
                        var tmp = kind == BinKind.Mul ? new float[inner] : null;
                        for (var o = o0; o < o1; o++)
                        {
                            SumRows(o, 0, inner, tmp);
                        }
                    });
                }
                else
                {
                    TensorThreads.For(inner, Math.Max(8, BinaryParallelMin / Math.Max(1, mid)), (c0, c1) =>
                    {
                        var tmp = kind == BinKind.Mul ? new float[c1 - c0] : null;
                        SumRows(0, c0, c1, tmp);
                    });
                }

                void SumRows(int o, int c0, int c1, float[]? tmp)
                {
                    var dst = gs.AsSpan((o * inner) + c0, c1 - c0);
                    for (var m = 0; m < mid; m++)
                    {
                        var off = (((o * mid) + m) * inner) + c0;
                        var gv = g.AsSpan(off, c1 - c0);
                        if (tmp is not null)
                        {
                            TensorPrimitives.Multiply(gv, fd.AsSpan(off, c1 - c0), tmp);
                            TensorPrimitives.Add(dst, tmp, dst);
                        }
                        else if (negate)
                        {
                            TensorPrimitives.Subtract(dst, gv, dst);
                        }
                        else
                        {
                            TensorPrimitives.Add(dst, gv, dst);
                        }
                    }
                }
            }
        }, full, small);
        return y;
    }
}
