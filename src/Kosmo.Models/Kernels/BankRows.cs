using System.Runtime.Intrinsics;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Models.Kernels;

/// <summary>
/// One-pass row kernels of the fused VSN bank: the forward GLU + residual + LayerNorm + weighted combine of one (row,
/// variable), and its backward. The forward keeps G's gate half as σ(g) (overwritten in place) plus the row's mean and
/// 1/σ, so the backward rebuilds x̂ in registers instead of reading a stored (n, N, D) x̂, and never evaluates exp.
/// Vectorised when D is a multiple of 8, plain loops otherwise (same formulas).
/// </summary>
internal static partial class BankRows
{
    /// <summary>
    /// Forward of one row: [a, g] = gate + gateBias, v = a·σ(g) + s·w + b, x̂ = (v − mean(v))·rstd, out += sel·(x̂·γ + β).
    /// Overwrites <paramref name="gate"/> with [a, σ(g)]; returns (mean, rstd). <paramref name="scratch"/> holds v (D floats).
    /// // gate, gateBias: (2D) = [a, g], w, b, gamma, beta, scratch, outRow: (D)
    /// </summary>
    public static (float Mean, float Rstd) Forward(Span<float> gate, ReadOnlySpan<float> gateBias, float s, ReadOnlySpan<float> w, ReadOnlySpan<float> b,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float sel, Span<float> scratch, Span<float> outRow, float eps)
    {
        var d = outRow.Length;
        if (Wide(d))
        {
            return ForwardWide(gate, gateBias, s, w, b, gamma, beta, sel, scratch, outRow, eps);
        }

        if (!Vector256.IsHardwareAccelerated || d % 8 != 0)
        {
            var sum = 0f;
            for (var j = 0; j < d; j++)
            {
                var a = gate[j] + gateBias[j];
                var sig = 1f / (1f + MathF.Exp(-(gate[d + j] + gateBias[d + j])));
                gate[j] = a;
                gate[d + j] = sig;
                var v = (a * sig) + (s * w[j]) + b[j];
                scratch[j] = v;
                sum += v;
            }

            var mean = sum / d;
            var sq = 0f;
            for (var j = 0; j < d; j++)
            {
                var v = scratch[j] - mean;
                scratch[j] = v;
                sq += v * v;
            }

            var rstd = 1f / MathF.Sqrt((sq / d) + eps);
            for (var j = 0; j < d; j++)
            {
                outRow[j] += sel * ((scratch[j] * rstd * gamma[j]) + beta[j]);
            }

            return (mean, rstd);
        }

        var one = Vector256.Create(1f);
        var sv = Vector256.Create(s);
        var acc = Vector256<float>.Zero;
        for (var j = 0; j < d; j += 8)
        {
            var a = Vector256.Create<float>(gate.Slice(j, 8)) + Vector256.Create<float>(gateBias.Slice(j, 8));
            var sig = FastMath.Sigmoid(Vector256.Create<float>(gate.Slice(d + j, 8)) + Vector256.Create<float>(gateBias.Slice(d + j, 8)));
            a.CopyTo(gate.Slice(j, 8));
            sig.CopyTo(gate.Slice(d + j, 8));
            var v = (a * sig) + (sv * Vector256.Create<float>(w.Slice(j, 8))) + Vector256.Create<float>(b.Slice(j, 8));
            v.CopyTo(scratch.Slice(j, 8));
            acc += v;
        }

        var m = Vector256.Sum(acc) / d;
        var meanV = Vector256.Create(m);
        var sqAcc = Vector256<float>.Zero;
        for (var j = 0; j < d; j += 8)
        {
            var v = Vector256.Create<float>(scratch.Slice(j, 8)) - meanV;
            sqAcc += v * v;
        }

        var rs = 1f / MathF.Sqrt((Vector256.Sum(sqAcc) / d) + eps);
        var rsV = Vector256.Create(rs);
        var selV = Vector256.Create(sel);
        for (var j = 0; j < d; j += 8)
        {
            var xh = (Vector256.Create<float>(scratch.Slice(j, 8)) - meanV) * rsV;
            var y = (xh * Vector256.Create<float>(gamma.Slice(j, 8))) + Vector256.Create<float>(beta.Slice(j, 8));
            (Vector256.Create<float>(outRow.Slice(j, 8)) + (selV * y)).CopyTo(outRow.Slice(j, 8));
        }

        return (m, rs);
    }

    /// <summary>
    /// Backward of <see cref="Forward"/> for one row given the upstream gradient gout of the combined output:
    /// writes gGate = [∂/∂a, ∂/∂g] (2D), adds the row's column terms into <paramref name="partials"/> (6D: γ, β, w, b,
    /// bg[a half], bg[g half]) and returns (∂/∂sel, ∂/∂s through the residual). <paramref name="gate"/> is [a, σ(g)] as
    /// left by the forward; <paramref name="scratch"/> needs 2D floats.
    /// </summary>
    public static (float GSel, float GS) Backward(ReadOnlySpan<float> gate, float s, ReadOnlySpan<float> w, ReadOnlySpan<float> b,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float sel, float mean, float rstd, ReadOnlySpan<float> gout,
        Span<float> gGate, Span<float> partials, Span<float> scratch)
    {
        var d = gout.Length;
        if (Wide(d))
        {
            return BackwardWide(gate, s, w, b, gamma, beta, sel, mean, rstd, gout, gGate, partials, scratch);
        }

        Span<float> pGam = partials[..d], pBet = partials.Slice(d, d), pW = partials.Slice(2 * d, d), pB = partials.Slice(3 * d, d);
        Span<float> pBgA = partials.Slice(4 * d, d), pBgG = partials.Slice(5 * d, d);
        Span<float> xhs = scratch[..d], ghs = scratch.Slice(d, d);
        if (!Vector256.IsHardwareAccelerated || d % 8 != 0)
        {
            float gsel = 0f, m1 = 0f, m2 = 0f;
            for (var j = 0; j < d; j++)
            {
                var xh = ((gate[j] * gate[d + j]) + (s * w[j]) + b[j] - mean) * rstd;
                gsel += gout[j] * ((xh * gamma[j]) + beta[j]);
                var gh = gout[j] * sel;
                pGam[j] += gh * xh;
                pBet[j] += gh;
                var gg = gh * gamma[j];
                m1 += gg;
                m2 += gg * xh;
                xhs[j] = xh;
                ghs[j] = gg;
            }

            m1 /= d;
            m2 /= d;
            var gs = 0f;
            for (var j = 0; j < d; j++)
            {
                var gz = (ghs[j] - m1 - (xhs[j] * m2)) * rstd;
                var sig = gate[d + j];
                var ga = gz * sig;
                var gb = ga * gate[j] * (1f - sig);
                gGate[j] = ga;
                gGate[d + j] = gb;
                pBgA[j] += ga;
                pBgG[j] += gb;
                gs += gz * w[j];
                pW[j] += gz * s;
                pB[j] += gz;
            }

            return (gsel, gs);
        }

        var sv = Vector256.Create(s);
        var meanV = Vector256.Create(mean);
        var rsV = Vector256.Create(rstd);
        var selV = Vector256.Create(sel);
        Vector256<float> accSel = Vector256<float>.Zero, acc1 = Vector256<float>.Zero, acc2 = Vector256<float>.Zero;
        for (var j = 0; j < d; j += 8)
        {
            var a = Vector256.Create<float>(gate.Slice(j, 8));
            var sig = Vector256.Create<float>(gate.Slice(d + j, 8));
            var v = (a * sig) + (sv * Vector256.Create<float>(w.Slice(j, 8))) + Vector256.Create<float>(b.Slice(j, 8));
            var xh = (v - meanV) * rsV;
            var go = Vector256.Create<float>(gout.Slice(j, 8));
            var gam = Vector256.Create<float>(gamma.Slice(j, 8));
            accSel += go * ((xh * gam) + Vector256.Create<float>(beta.Slice(j, 8)));
            var gh = go * selV;
            (Vector256.Create<float>(pGam.Slice(j, 8)) + (gh * xh)).CopyTo(pGam.Slice(j, 8));
            (Vector256.Create<float>(pBet.Slice(j, 8)) + gh).CopyTo(pBet.Slice(j, 8));
            var gg = gh * gam;
            acc1 += gg;
            acc2 += gg * xh;
            xh.CopyTo(xhs.Slice(j, 8));
            gg.CopyTo(ghs.Slice(j, 8));
        }

        var m1V = Vector256.Create(Vector256.Sum(acc1) / d);
        var m2V = Vector256.Create(Vector256.Sum(acc2) / d);
        var one = Vector256.Create(1f);
        var accS = Vector256<float>.Zero;
        for (var j = 0; j < d; j += 8)
        {
            var gz = (Vector256.Create<float>(ghs.Slice(j, 8)) - m1V - (Vector256.Create<float>(xhs.Slice(j, 8)) * m2V)) * rsV;
            var a = Vector256.Create<float>(gate.Slice(j, 8));
            var sig = Vector256.Create<float>(gate.Slice(d + j, 8));
            var ga = gz * sig;
            var gb = ga * a * (one - sig);
            ga.CopyTo(gGate.Slice(j, 8));
            gb.CopyTo(gGate.Slice(d + j, 8));
            (Vector256.Create<float>(pBgA.Slice(j, 8)) + ga).CopyTo(pBgA.Slice(j, 8));
            (Vector256.Create<float>(pBgG.Slice(j, 8)) + gb).CopyTo(pBgG.Slice(j, 8));
            accS += gz * Vector256.Create<float>(w.Slice(j, 8));
            (Vector256.Create<float>(pW.Slice(j, 8)) + (gz * sv)).CopyTo(pW.Slice(j, 8));
            (Vector256.Create<float>(pB.Slice(j, 8)) + gz).CopyTo(pB.Slice(j, 8));
        }

        return (Vector256.Sum(accSel), Vector256.Sum(accS));
    }
    /// <summary>
    /// dst = ELU(s·u + c) in one pass (the bank's E row). Same float formula as <see cref="BankMath.Elu"/> on
    /// s·u + c. // u, c, dst: (D)
    /// </summary>
    public static void EluAffine(float s, ReadOnlySpan<float> u, ReadOnlySpan<float> c, Span<float> dst)
    {
        var d = dst.Length;
        if (Wide(d))
        {
            EluAffineWide(s, u, c, dst);
            return;
        }

        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var sv = Vector256.Create(s);
            var one = Vector256.Create(1f);
            for (; j <= d - 8; j += 8)
            {
                var v = (sv * Vector256.Create<float>(u.Slice(j, 8))) + Vector256.Create<float>(c.Slice(j, 8));
                var ev = FastMath.Exp(v) - one;
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, ev).CopyTo(dst.Slice(j, 8));
            }
        }

        for (; j < d; j++)
        {
            var v = (s * u[j]) + c[j];
            dst[j] = v > 0f ? v : MathF.Exp(v) - 1f;
        }
    }

    /// <summary>
    /// Backward through E = ELU(h1), h1 = s·u + c for one row, in one pass: ge ← ge·ELU'(h1) (1 where e &gt; 0, else
    /// e + 1), pU += ge·s, pC += ge; returns Σ ge·u (∂s). // ge, e, u, pU, pC: (D)
    /// </summary>
    public static float EluAffineBackward(Span<float> ge, ReadOnlySpan<float> e, float s, ReadOnlySpan<float> u, Span<float> pU, Span<float> pC)
    {
        var d = ge.Length;
        if (Wide(d))
        {
            return EluAffineBackwardWide(ge, e, s, u, pU, pC);
        }

        var j = 0;
        var gs = 0f;
        if (Vector256.IsHardwareAccelerated)
        {
            var sv = Vector256.Create(s);
            var one = Vector256.Create(1f);
            var acc = Vector256<float>.Zero;
            for (; j <= d - 8; j += 8)
            {
                var ev = Vector256.Create<float>(e.Slice(j, 8));
                var f = Vector256.ConditionalSelect(Vector256.GreaterThan(ev, Vector256<float>.Zero), one, ev + one);
                var g = Vector256.Create<float>(ge.Slice(j, 8)) * f;
                g.CopyTo(ge.Slice(j, 8));
                acc += g * Vector256.Create<float>(u.Slice(j, 8));
                (Vector256.Create<float>(pU.Slice(j, 8)) + (g * sv)).CopyTo(pU.Slice(j, 8));
                (Vector256.Create<float>(pC.Slice(j, 8)) + g).CopyTo(pC.Slice(j, 8));
            }

            gs = Vector256.Sum(acc);
        }

        for (; j < d; j++)
        {
            var g = ge[j] * (e[j] > 0f ? 1f : e[j] + 1f);
            ge[j] = g;
            gs += g * u[j];
            pU[j] += g * s;
            pC[j] += g;
        }

        return gs;
    }
}
