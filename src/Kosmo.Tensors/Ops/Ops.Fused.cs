using System.Numerics.Tensors;

namespace Kosmo.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Fused weighted sum of n equally shaped tensors (the combine step of a variable-selection network):
    /// out[..., :] = Σᵢ w[..., i] · xs[i][..., :], equal to Sum(Mul(Reshape(w, ..., n, 1), Stack(xs, -2)), -2) without
    /// materialising the stacked (..., n, D) tensors.
    /// // xs: n tensors (..., D), w: (..., n) -> (..., D)
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public static Tensor WeightedSum(IReadOnlyList<Tensor> xs, Tensor w)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(w);
        var n = xs.Count;
        if (n == 0 || w.Dim(-1) != n)
        {
            throw new ArgumentException($"WeightedSum: {n} tensors but weights {Tensor.ShapeText(w.ShapeRef)} end in {w.Dim(-1)}.");
        }

        var shape = xs[0].ShapeRef;
        var d = shape[^1];
        var rows = xs[0].Size / Math.Max(1, d);
        if (w.Size != rows * n || xs.Any(t => !t.ShapeRef.SequenceEqual(shape)))
        {
            throw new ArgumentException($"WeightedSum: tensors must share shape {Tensor.ShapeText(shape)} and weights must be (..., {n}) with the same leading sizes; got weights {Tensor.ShapeText(w.ShapeRef)}.");
        }

        var inputs = xs.ToArray();
        var y = TensorFactory.Output(shape, zeroed: true);
        TensorThreads.For(rows, 64, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var yr = y.Data.AsSpan(r * d, d);
                for (var i = 0; i < n; i++)
                {
                    TensorPrimitives.MultiplyAdd(inputs[i].Data.AsSpan(r * d, d), w.Data[(r * n) + i], yr, yr);
                }
            }
        });
        var all = new Tensor[n + 1];
        inputs.CopyTo(all, 0);
        all[n] = w;
        Tape.Record(y, () =>
        {
            var gw = w.RequiresGrad ? w.GradBuffer() : null;
            var gxs = inputs.Select(t => t.RequiresGrad ? t.GradBuffer() : null).ToArray();
            TensorThreads.For(rows, 64, (s, e) =>
            {
                for (var r = s; r < e; r++)
                {
                    var g = y.Grad.AsSpan(r * d, d);
                    for (var i = 0; i < n; i++)
                    {
                        if (gw is not null)
                        {
                            gw[(r * n) + i] += TensorPrimitives.Dot(g, inputs[i].Data.AsSpan(r * d, d));
                        }

                        if (gxs[i] is { } gx)
                        {
                            var dst = gx.AsSpan(r * d, d);
                            TensorPrimitives.MultiplyAdd(g, w.Data[(r * n) + i], dst, dst);
                        }
                    }
                }
            });
        }, all);
        return y;
    }
}
