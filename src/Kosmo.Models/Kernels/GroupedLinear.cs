using System.Numerics.Tensors;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;
using Tensor = Kosmo.Tensors.Tensor;

namespace Kosmo.Models.Kernels;

/// <summary>
/// G independent linear maps on a variable-major stack: y[i] = x[i]·Wᵢᵀ + bᵢ, one SGEMM per group written straight
/// into the output (bias pre-filled, beta = 1), gradients accumulated straight into each Wᵢ, bᵢ (no per-call stacking
/// of the weights). Plain reference: <see cref="GroupedLinearReference"/>.
/// // x: (G, M, I), weights: G × (O, I), biases: G × (O) -> (G, M, O)
/// </summary>
public static class GroupedLinear
{
    /// <summary>Forward with a recorded backward.</summary>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public static Tensor Forward(Tensor x, IReadOnlyList<Tensor> weights, IReadOnlyList<Tensor> biases)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        var groups = weights.Count;
        if (x.Rank != 3 || x.Dim(0) != groups || biases.Count != groups || weights.Any(w => w.Rank != 2 || w.Dim(1) != x.Dim(2) || w.Dim(0) != weights[0].Dim(0))
            || biases.Any(b => b.Size != weights[0].Dim(0)))
        {
            throw new ArgumentException($"GroupedLinear: x ({string.Join(", ", x.Shape)}) needs {groups} weights (O, {x.Dim(-1)}) and biases (O).");
        }

        int m = x.Dim(1), i = x.Dim(2), o = weights[0].Dim(0);
        var y = new Tensor(TensorArena.Rent(groups * m * o), groups, m, o);   // every element written (bias, then beta = 1)
        for (var grp = 0; grp < groups; grp++)
        {
            var bias = biases[grp].Span;
            for (var r = 0; r < m; r++)
            {
                bias.CopyTo(y.Data.AsSpan(((grp * m) + r) * o, o));
            }

            Sgemm.Multiply(false, true, m, o, i, 1f, x.Data, grp * m * i, i, weights[grp].Data, 0, i, 1f, y.Data, grp * m * o, o);
        }

        Tensor[] inputs = [x, .. weights, .. biases];
        Tape.Record(y, () =>
        {
            var gy = y.Grad!;
            var gx = x.RequiresGrad ? Grads.Of(x) : null;
            for (var grp = 0; grp < groups; grp++)
            {
                if (gx is not null)
                {
                    // gx[g] += gy[g]·W  (M, O)·(O, I)
                    Sgemm.Multiply(false, false, m, i, o, 1f, gy, grp * m * o, o, weights[grp].Data, 0, i, 1f, gx, grp * m * i, i);
                }

                if (weights[grp].RequiresGrad)
                {
                    // gW += gy[g]ᵀ·x[g]  (O, M)·(M, I)
                    Sgemm.Multiply(true, false, o, i, m, 1f, gy, grp * m * o, o, x.Data, grp * m * i, i, 1f, Grads.Of(weights[grp]), 0, i);
                }

                if (biases[grp].RequiresGrad)
                {
                    var gb = Grads.Of(biases[grp]).AsSpan(0, o);
                    for (var r = 0; r < m; r++)
                    {
                        TensorPrimitives.Add(gb, gy.AsSpan(((grp * m) + r) * o, o), gb);
                    }
                }
            }
        }, inputs);
        return y;
    }
}
