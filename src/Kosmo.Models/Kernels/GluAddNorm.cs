using System.Numerics.Tensors;
using Tensor = Kosmo.Tensors.Tensor;
using Kosmo.Tensors;

namespace Kosmo.Models.Kernels;

/// <summary>
/// Fused gate, add and norm: y = LayerNorm_g(residual + a·σ(b)) with [a, b] = g split on the last axis, and a
/// separate gamma/beta per group g (G groups of equal row count along the leading axes; G = 1 is the plain
/// "LayerNorm(x + GLU(h))" of the TFT). One pass instead of GLU, Add, LayerNorm (and per-group Mul/Add), keeping only
/// x̂ and 1/σ for the backward. Plain reference: <see cref="GluAddNormReference"/>.
/// // g: (..., 2D), residual: (..., D), gammas/betas: G tensors (D) -> (..., D)
/// </summary>
public static class GluAddNorm
{
    private const float Eps = 1e-5f;

    /// <summary>Forward with a recorded backward; output and saved buffers come from <paramref name="workspace"/> when given.</summary>
    /// <exception cref="ArgumentException">Shapes do not agree or the rows do not split into G equal groups.</exception>
    public static Tensor Forward(Tensor g, Tensor residual, IReadOnlyList<Tensor> gammas, IReadOnlyList<Tensor> betas, KernelWorkspace? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(residual);
        ArgumentNullException.ThrowIfNull(gammas);
        ArgumentNullException.ThrowIfNull(betas);
        var d = residual.Dim(-1);
        var rows = residual.Size / d;
        var groups = gammas.Count;
        if (g.Size != 2 * residual.Size || g.Dim(-1) != 2 * d || groups == 0 || betas.Count != groups || rows % groups != 0
            || gammas.Any(t => t.Size != d) || betas.Any(t => t.Size != d))
        {
            throw new ArgumentException($"GluAddNorm: g ({string.Join(", ", g.Shape)}) must be residual ({string.Join(", ", residual.Shape)}) with a doubled last axis, and {groups} gammas/betas of length {d} must split {rows} rows evenly.");
        }

        var perGroup = rows / groups;
        var y = new Tensor(workspace?.Get(0, residual.Size) ?? new float[residual.Size], residual.Shape);
        var xhat = workspace?.Get(1, residual.Size) ?? new float[residual.Size];
        var rstd = workspace?.Get(2, rows) ?? new float[rows];
        TensorThreads.For(rows, 128, (s, e) =>
        {
            Span<float> sig = stackalloc float[d];
            for (var r = s; r < e; r++)
            {
                var grp = r / perGroup;
                var gr = g.Data.AsSpan(r * 2 * d, 2 * d);
                var xh = xhat.AsSpan(r * d, d);
                TensorPrimitives.Sigmoid(gr[d..], sig);
                TensorPrimitives.Multiply(gr[..d], sig, xh);
                TensorPrimitives.Add(xh, residual.Data.AsSpan(r * d, d), xh);
                var mean = TensorPrimitives.Sum(xh) / d;
                TensorPrimitives.Subtract(xh, mean, xh);
                var rs = 1f / MathF.Sqrt((TensorPrimitives.Dot(xh, xh) / d) + Eps);
                rstd[r] = rs;
                TensorPrimitives.Multiply(xh, rs, xh);
                var yr = y.Data.AsSpan(r * d, d);
                TensorPrimitives.Multiply(xh, gammas[grp].Span, yr);
                TensorPrimitives.Add(yr, betas[grp].Span, yr);
            }
        });
        Tensor[] inputs = [g, residual, .. gammas, .. betas];
        Tape.Record(y, () => Backward(y.Grad!, g, residual, gammas, betas, xhat, rstd, d, perGroup), inputs);
        return y;
    }

    private static void Backward(float[] gy, Tensor g, Tensor residual, IReadOnlyList<Tensor> gammas, IReadOnlyList<Tensor> betas,
        float[] xhat, float[] rstd, int d, int perGroup)
    {
        var groups = gammas.Count;
        var rows = perGroup * groups;
        TensorThreads.For(groups, 1, (s, e) =>
        {
            for (var grp = s; grp < e; grp++)
            {
                var gg = gammas[grp].RequiresGrad ? Grads.Of(gammas[grp]).AsSpan(0, d) : default;
                var gb = betas[grp].RequiresGrad ? Grads.Of(betas[grp]).AsSpan(0, d) : default;
                for (var r = grp * perGroup; r < (grp + 1) * perGroup; r++)
                {
                    var gr = gy.AsSpan(r * d, d);
                    if (!gg.IsEmpty)
                    {
                        TensorPrimitives.MultiplyAdd(gr, xhat.AsSpan(r * d, d), gg, gg);
                    }

                    if (!gb.IsEmpty)
                    {
                        TensorPrimitives.Add(gb, gr, gb);
                    }
                }
            }
        });
        var gRes = residual.RequiresGrad ? Grads.Of(residual) : null;
        var gG = g.RequiresGrad ? Grads.Of(g) : null;
        if (gRes is null && gG is null)
        {
            return;
        }

        TensorThreads.For(rows, 128, (s, e) =>
        {
            Span<float> gh = stackalloc float[d];
            Span<float> sig = stackalloc float[d];
            for (var r = s; r < e; r++)
            {
                // dz = rstd · (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), ĝ = gy·γ
                var xh = xhat.AsSpan(r * d, d);
                TensorPrimitives.Multiply(gy.AsSpan(r * d, d), gammas[r / perGroup].Span, gh);
                var m1 = TensorPrimitives.Sum(gh) / d;
                var m2 = TensorPrimitives.Dot(gh, xh) / d;
                var rs = rstd[r];
                for (var j = 0; j < d; j++)
                {
                    gh[j] = rs * (gh[j] - m1 - (xh[j] * m2));
                }

                if (gRes is not null)
                {
                    var dst = gRes.AsSpan(r * d, d);
                    TensorPrimitives.Add(dst, gh, dst);
                }

                if (gG is not null)
                {
                    var gr = g.Data.AsSpan(r * 2 * d, 2 * d);
                    TensorPrimitives.Sigmoid(gr[d..], sig);
                    var ga = gG.AsSpan(r * 2 * d, d);
                    var gbv = gG.AsSpan((r * 2 * d) + d, d);
                    for (var j = 0; j < d; j++)
                    {
                        ga[j] += gh[j] * sig[j];
                        gbv[j] += gh[j] * gr[j] * sig[j] * (1f - sig[j]);
                    }
                }
            }
        });
    }
}
