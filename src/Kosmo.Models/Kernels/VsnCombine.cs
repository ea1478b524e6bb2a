using System.Numerics.Tensors;
using Tensor = Kosmo.Tensors.Tensor;
using Kosmo.Tensors;

namespace Kosmo.Models.Kernels;

/// <summary>
/// Fused combine step of a variable-selection network on variable-major input:
/// y[r, :] = Σᵢ w[r, i] · p[i, r, :], without permuting p to (N, n, D). Plain reference:
/// <see cref="VsnCombineReference"/>. // p: (n, N, D), w: (N, n) -> (N, D)
/// </summary>
public static class VsnCombine
{
    /// <summary>Forward with a recorded backward.</summary>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public static Tensor Forward(Tensor p, Tensor w)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(w);
        if (p.Rank != 3 || w.Rank != 2 || w.Dim(0) != p.Dim(1) || w.Dim(1) != p.Dim(0))
        {
            throw new ArgumentException($"VsnCombine: p ({string.Join(", ", p.Shape)}) and w ({string.Join(", ", w.Shape)}) must be (n, N, D) and (N, n).");
        }

        int n = p.Dim(0), rows = p.Dim(1), d = p.Dim(2);
        var y = new Tensor(TensorArena.Rent(rows * d, zeroed: true), rows, d);
        TensorThreads.For(rows, 64, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var yr = y.Data.AsSpan(r * d, d);
                for (var i = 0; i < n; i++)
                {
                    TensorPrimitives.MultiplyAdd(p.Data.AsSpan(((i * rows) + r) * d, d), w.Data[(r * n) + i], yr, yr);
                }
            }
        });
        Tape.Record(y, () =>
        {
            var gp = p.RequiresGrad ? Grads.Of(p) : null;
            var gw = w.RequiresGrad ? Grads.Of(w) : null;
            var g = y.Grad!;
            TensorThreads.For(rows, 64, (s, e) =>
            {
                for (var r = s; r < e; r++)
                {
                    var gr = g.AsSpan(r * d, d);
                    for (var i = 0; i < n; i++)
                    {
                        var off = ((i * rows) + r) * d;
                        if (gw is not null)
                        {
                            gw[(r * n) + i] += TensorPrimitives.Dot(gr, p.Data.AsSpan(off, d));
                        }

                        if (gp is not null)
                        {
                            var dst = gp.AsSpan(off, d);
                            TensorPrimitives.MultiplyAdd(gr, w.Data[(r * n) + i], dst, dst);
                        }
                    }
                }
            });
        }, p, w);
        return y;
    }
}
