using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Tensor = Kosmo.Tensors.Tensor;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

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
        var y = new Tensor(workspace?.Get(0, residual.Size) ?? TensorArena.Rent(residual.Size), residual.Shape);
        var xhat = workspace?.Get(1, residual.Size) ?? TensorArena.Rent(residual.Size);
        var rstd = workspace?.Get(2, rows) ?? TensorArena.Rent(rows);
        TensorThreads.For(rows, 128, (s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                var grp = r / perGroup;
                rstd[r] = ForwardRow(g.Data.AsSpan(r * 2 * d, 2 * d), residual.Data.AsSpan(r * d, d), gammas[grp].Span, betas[grp].Span,
                    xhat.AsSpan(r * d, d), y.Data.AsSpan(r * d, d));
            }
        });
        Tensor[] inputs = [g, residual, .. gammas, .. betas];
        Tape.Record(y, () => Backward(y.Grad!, g, residual, gammas, betas, xhat, rstd, d, perGroup), inputs);
        return y;
    }

    // x̂ = normalised(a·σ(b) + residual), y = x̂·γ + β for one row; returns 1/σ. Vector lanes plus a scalar tail.
    private static float ForwardRow(ReadOnlySpan<float> gate, ReadOnlySpan<float> res, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> xh, Span<float> y)
    {
        var d = xh.Length;
        var sum = 0f;
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            var acc = Vector256<float>.Zero;
            for (; j <= d - 8; j += 8)
            {
                var sig = FastMath.Sigmoid(Vector256.Create<float>(gate.Slice(d + j, 8)));
                var v = (Vector256.Create<float>(gate.Slice(j, 8)) * sig) + Vector256.Create<float>(res.Slice(j, 8));
                v.CopyTo(xh.Slice(j, 8));
                acc += v;
            }

            sum = Vector256.Sum(acc);
        }

        for (; j < d; j++)
        {
            var v = (gate[j] / (1f + MathF.Exp(-gate[d + j]))) + res[j];
            xh[j] = v;
            sum += v;
        }

        var mean = sum / d;
        TensorPrimitives.Subtract(xh, mean, xh);
        var rs = 1f / MathF.Sqrt((TensorPrimitives.Dot(xh, xh) / d) + Eps);
        TensorPrimitives.Multiply(xh, rs, xh);
        TensorPrimitives.MultiplyAdd(xh, gamma, beta, y);
        return rs;
    }

    // One parallel pass over fixed 256-row blocks (never straddling a group): per row the LayerNorm, GLU and residual
    // gradients, and γ, β column sums into per-block partials that are then added per group in block order (so the
    // result does not depend on the thread count).
    private static void Backward(float[] gy, Tensor g, Tensor residual, IReadOnlyList<Tensor> gammas, IReadOnlyList<Tensor> betas,
        float[] xhat, float[] rstd, int d, int perGroup)
    {
        var groups = gammas.Count;
        var gRes = residual.RequiresGrad ? Grads.Of(residual) : null;
        var gG = g.RequiresGrad ? Grads.Of(g) : null;
        var perGroupBlocks = (perGroup + BankMath.BlockRows - 1) / BankMath.BlockRows;
        var blocks = groups * perGroupBlocks;
        var partials = ArrayPool<float>.Shared.Rent(blocks * 2 * d);
        Array.Clear(partials, 0, blocks * 2 * d);
        TensorThreads.For(blocks, 1, (k0, k1) =>
        {
            Span<float> gh = stackalloc float[d];
            for (var blk = k0; blk < k1; blk++)
            {
                var grp = blk / perGroupBlocks;
                var r0 = (grp * perGroup) + ((blk % perGroupBlocks) * BankMath.BlockRows);
                var r1 = Math.Min((grp + 1) * perGroup, r0 + BankMath.BlockRows);
                var gamma = gammas[grp].Span;
                Span<float> pGam = partials.AsSpan(blk * 2 * d, d), pBet = partials.AsSpan((blk * 2 * d) + d, d);
                for (var r = r0; r < r1; r++)
                {
                    var xh = xhat.AsSpan(r * d, d);
                    var gr = gy.AsSpan(r * d, d);
                    TensorPrimitives.MultiplyAdd(gr, xh, pGam, pGam);
                    TensorPrimitives.Add(pBet, gr, pBet);
                    if (gRes is null && gG is null)
                    {
                        continue;
                    }

                    // dz = rstd · (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), ĝ = gy·γ
                    TensorPrimitives.Multiply(gr, gamma, gh);
                    var m1 = TensorPrimitives.Sum(gh) / d;
                    var m2 = TensorPrimitives.Dot(gh, xh) / d;
                    RowGradients(gh, xh, m1, m2, rstd[r], g.Data.AsSpan(r * 2 * d, 2 * d), gRes is null ? default : gRes.AsSpan(r * d, d),
                        gG is null ? default : gG.AsSpan(r * 2 * d, 2 * d));
                }
            }
        });

        for (var grp = 0; grp < groups; grp++)
        {
            var gg = gammas[grp].RequiresGrad ? Grads.Of(gammas[grp]).AsSpan(0, d) : default;
            var gb = betas[grp].RequiresGrad ? Grads.Of(betas[grp]).AsSpan(0, d) : default;
            for (var blk = grp * perGroupBlocks; blk < (grp + 1) * perGroupBlocks; blk++)
            {
                if (!gg.IsEmpty)
                {
                    TensorPrimitives.Add(gg, partials.AsSpan(blk * 2 * d, d), gg);
                }

                if (!gb.IsEmpty)
                {
                    TensorPrimitives.Add(gb, partials.AsSpan((blk * 2 * d) + d, d), gb);
                }
            }
        }

        ArrayPool<float>.Shared.Return(partials);
    }

    // dz = rstd·(ĝ − m1 − x̂·m2) (ĝ in gh); gRes += dz; for gate = [a, b]: gG[a] += dz·σ(b), gG[b] += dz·a·σ(b)·(1 − σ(b)).
    private static void RowGradients(Span<float> gh, ReadOnlySpan<float> xh, float m1, float m2, float rs, ReadOnlySpan<float> gate,
        Span<float> gRes, Span<float> gG)
    {
        var d = gh.Length;
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> m1V = Vector256.Create(m1), m2V = Vector256.Create(m2), rsV = Vector256.Create(rs), one = Vector256.Create(1f);
            for (; j <= d - 8; j += 8)
            {
                var dz = rsV * (Vector256.Create<float>(gh.Slice(j, 8)) - m1V - (Vector256.Create<float>(xh.Slice(j, 8)) * m2V));
                if (!gRes.IsEmpty)
                {
                    (Vector256.Create<float>(gRes.Slice(j, 8)) + dz).CopyTo(gRes.Slice(j, 8));
                }

                if (!gG.IsEmpty)
                {
                    var sig = FastMath.Sigmoid(Vector256.Create<float>(gate.Slice(d + j, 8)));
                    var ga = dz * sig;
                    (Vector256.Create<float>(gG.Slice(j, 8)) + ga).CopyTo(gG.Slice(j, 8));
                    (Vector256.Create<float>(gG.Slice(d + j, 8)) + (ga * Vector256.Create<float>(gate.Slice(j, 8)) * (one - sig))).CopyTo(gG.Slice(d + j, 8));
                }
            }
        }

        for (; j < d; j++)
        {
            var dz = rs * (gh[j] - m1 - (xh[j] * m2));
            if (!gRes.IsEmpty)
            {
                gRes[j] += dz;
            }

            if (!gG.IsEmpty)
            {
                var sig = 1f / (1f + MathF.Exp(-gate[d + j]));
                var ga = dz * sig;
                gG[j] += ga;
                gG[d + j] += ga * gate[j] * (1f - sig);
            }
        }
    }
}
