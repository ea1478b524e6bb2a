using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Models.Kernels;

/// <summary>
/// 16-lane (AVX-512) forms of the bank's row kernels, taken when D is a multiple of 16: the same formulas as the
/// 8-lane forms (only the order of the row sums differs), with unchecked loads. At D = 64 a row is four vectors, so
/// each kernel issues half the instructions of the 8-lane form (`figure bank-rows`).
/// </summary>
internal static partial class BankRows
{
    /// <summary>True when the 16-lane kernels serve rows of width <paramref name="d"/>.</summary>
    public static bool Wide(int d) => Vector512.IsHardwareAccelerated && d % 16 == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float Mean, float Rstd) ForwardWide(Span<float> gate, ReadOnlySpan<float> gateBias, float s, ReadOnlySpan<float> w,
        ReadOnlySpan<float> b, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float sel, Span<float> scratch, Span<float> outRow, float eps)
    {
        var d = outRow.Length;
        if (gate.Length < 2 * d || gateBias.Length < 2 * d || w.Length < d || b.Length < d || gamma.Length < d || beta.Length < d || scratch.Length < d)
        {
            throw new ArgumentException("BankRows: a row span is shorter than the row width.");
        }

        ref var gt = ref MemoryMarshal.GetReference(gate);
        ref var gb = ref MemoryMarshal.GetReference(gateBias);
        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var sc = ref MemoryMarshal.GetReference(scratch);
        var sv = Vector512.Create(s);
        var acc = Vector512<float>.Zero;
        var dd = (nuint)d;
        for (nuint j = 0; j < dd; j += 16)
        {
            var a = Vector512.LoadUnsafe(ref gt, j) + Vector512.LoadUnsafe(ref gb, j);
            var sig = FastMath.Sigmoid(Vector512.LoadUnsafe(ref gt, dd + j) + Vector512.LoadUnsafe(ref gb, dd + j));
            a.StoreUnsafe(ref gt, j);
            sig.StoreUnsafe(ref gt, dd + j);
            var v = (a * sig) + (sv * Vector512.LoadUnsafe(ref wr, j)) + Vector512.LoadUnsafe(ref br, j);
            v.StoreUnsafe(ref sc, j);
            acc += v;
        }

        var m = Vector512.Sum(acc) / d;
        var meanV = Vector512.Create(m);
        var sqAcc = Vector512<float>.Zero;
        for (nuint j = 0; j < dd; j += 16)
        {
            var v = Vector512.LoadUnsafe(ref sc, j) - meanV;
            sqAcc += v * v;
        }

        var rs = 1f / MathF.Sqrt((Vector512.Sum(sqAcc) / d) + eps);
        var rsV = Vector512.Create(rs);
        var selV = Vector512.Create(sel);
        ref var gm = ref MemoryMarshal.GetReference(gamma);
        ref var bt = ref MemoryMarshal.GetReference(beta);
        ref var o = ref MemoryMarshal.GetReference(outRow);
        for (nuint j = 0; j < dd; j += 16)
        {
            var xh = (Vector512.LoadUnsafe(ref sc, j) - meanV) * rsV;
            var y = (xh * Vector512.LoadUnsafe(ref gm, j)) + Vector512.LoadUnsafe(ref bt, j);
            (Vector512.LoadUnsafe(ref o, j) + (selV * y)).StoreUnsafe(ref o, j);
        }

        return (m, rs);
    }

    /// <summary>
    /// <see cref="Forward"/> for two consecutive rows at once (16-lane kernels only: check <see cref="Wide"/>): the
    /// same operations per row, interleaved so one row's exp and reductions overlap the other's (a single row is a
    /// chain of dependent steps). // gate2: 4D (row A's [a, g], then row B's); scratch: 2D; out2: 2D (rows A, B)
    /// </summary>
    public static (float MeanA, float RstdA, float MeanB, float RstdB) ForwardPair(Span<float> gate2, ReadOnlySpan<float> gateBias,
        float sA, float sB, ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        float selA, float selB, Span<float> scratch, Span<float> out2, float eps)
    {
        var d = out2.Length / 2;
        if (!Wide(d) || gate2.Length < 4 * d || gateBias.Length < 2 * d || w.Length < d || b.Length < d || gamma.Length < d
            || beta.Length < d || scratch.Length < 2 * d)
        {
            throw new ArgumentException("BankRows.ForwardPair: needs 16-lane rows and spans of the row widths.");
        }

        var dd = (nuint)d;
        ref var ga = ref MemoryMarshal.GetReference(gate2);
        ref var gb = ref MemoryMarshal.GetReference(gateBias);
        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var sc = ref MemoryMarshal.GetReference(scratch);
        Vector512<float> svA = Vector512.Create(sA), svB = Vector512.Create(sB);
        Vector512<float> accA = Vector512<float>.Zero, accB = Vector512<float>.Zero;
        for (nuint j = 0; j < dd; j += 16)
        {
            var bA = Vector512.LoadUnsafe(ref gb, j);
            var bG = Vector512.LoadUnsafe(ref gb, dd + j);
            var wv = Vector512.LoadUnsafe(ref wr, j);
            var bv = Vector512.LoadUnsafe(ref br, j);
            var aA = Vector512.LoadUnsafe(ref ga, j) + bA;
            var aB = Vector512.LoadUnsafe(ref ga, (2 * dd) + j) + bA;
            var sigA = FastMath.Sigmoid(Vector512.LoadUnsafe(ref ga, dd + j) + bG);
            var sigB = FastMath.Sigmoid(Vector512.LoadUnsafe(ref ga, (3 * dd) + j) + bG);
            aA.StoreUnsafe(ref ga, j);
            sigA.StoreUnsafe(ref ga, dd + j);
            aB.StoreUnsafe(ref ga, (2 * dd) + j);
            sigB.StoreUnsafe(ref ga, (3 * dd) + j);
            var vA = (aA * sigA) + (svA * wv) + bv;
            var vB = (aB * sigB) + (svB * wv) + bv;
            vA.StoreUnsafe(ref sc, j);
            vB.StoreUnsafe(ref sc, dd + j);
            accA += vA;
            accB += vB;
        }

        float mA = Vector512.Sum(accA) / d, mB = Vector512.Sum(accB) / d;
        Vector512<float> meanA = Vector512.Create(mA), meanB = Vector512.Create(mB);
        Vector512<float> sqA = Vector512<float>.Zero, sqB = Vector512<float>.Zero;
        for (nuint j = 0; j < dd; j += 16)
        {
            var vA = Vector512.LoadUnsafe(ref sc, j) - meanA;
            var vB = Vector512.LoadUnsafe(ref sc, dd + j) - meanB;
            sqA += vA * vA;
            sqB += vB * vB;
        }

        float rsA = 1f / MathF.Sqrt((Vector512.Sum(sqA) / d) + eps), rsB = 1f / MathF.Sqrt((Vector512.Sum(sqB) / d) + eps);
        Vector512<float> rsvA = Vector512.Create(rsA), rsvB = Vector512.Create(rsB);
        Vector512<float> slA = Vector512.Create(selA), slB = Vector512.Create(selB);
        ref var gm = ref MemoryMarshal.GetReference(gamma);
        ref var bt = ref MemoryMarshal.GetReference(beta);
        ref var o = ref MemoryMarshal.GetReference(out2);
        for (nuint j = 0; j < dd; j += 16)
        {
            var gmv = Vector512.LoadUnsafe(ref gm, j);
            var btv = Vector512.LoadUnsafe(ref bt, j);
            var yA = (((Vector512.LoadUnsafe(ref sc, j) - meanA) * rsvA) * gmv) + btv;
            var yB = (((Vector512.LoadUnsafe(ref sc, dd + j) - meanB) * rsvB) * gmv) + btv;
            (Vector512.LoadUnsafe(ref o, j) + (slA * yA)).StoreUnsafe(ref o, j);
            (Vector512.LoadUnsafe(ref o, dd + j) + (slB * yB)).StoreUnsafe(ref o, dd + j);
        }

        return (mA, rsA, mB, rsB);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float GSel, float GS) BackwardWide(ReadOnlySpan<float> gate, float s, ReadOnlySpan<float> w, ReadOnlySpan<float> b,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float sel, float mean, float rstd, ReadOnlySpan<float> gout,
        Span<float> gGate, Span<float> partials, Span<float> scratch)
    {
        var d = gout.Length;
        if (gate.Length < 2 * d || w.Length < d || b.Length < d || gamma.Length < d || beta.Length < d || gGate.Length < 2 * d
            || partials.Length < 6 * d || scratch.Length < 2 * d)
        {
            throw new ArgumentException("BankRows: a row span is shorter than the row width.");
        }

        var dd = (nuint)d;
        ref var gt = ref MemoryMarshal.GetReference(gate);
        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var gm = ref MemoryMarshal.GetReference(gamma);
        ref var bt = ref MemoryMarshal.GetReference(beta);
        ref var go = ref MemoryMarshal.GetReference(gout);
        ref var gg0 = ref MemoryMarshal.GetReference(gGate);
        ref var p = ref MemoryMarshal.GetReference(partials);   // γ, β, w, b, bg[a], bg[g]: D each
        ref var sc = ref MemoryMarshal.GetReference(scratch);   // x̂, γ·gh
        var sv = Vector512.Create(s);
        var meanV = Vector512.Create(mean);
        var rsV = Vector512.Create(rstd);
        var selV = Vector512.Create(sel);
        Vector512<float> accSel = Vector512<float>.Zero, acc1 = Vector512<float>.Zero, acc2 = Vector512<float>.Zero;
        for (nuint j = 0; j < dd; j += 16)
        {
            var a = Vector512.LoadUnsafe(ref gt, j);
            var sig = Vector512.LoadUnsafe(ref gt, dd + j);
            var v = (a * sig) + (sv * Vector512.LoadUnsafe(ref wr, j)) + Vector512.LoadUnsafe(ref br, j);
            var xh = (v - meanV) * rsV;
            var g = Vector512.LoadUnsafe(ref go, j);
            var gam = Vector512.LoadUnsafe(ref gm, j);
            accSel += g * ((xh * gam) + Vector512.LoadUnsafe(ref bt, j));
            var gh = g * selV;
            (Vector512.LoadUnsafe(ref p, j) + (gh * xh)).StoreUnsafe(ref p, j);
            (Vector512.LoadUnsafe(ref p, dd + j) + gh).StoreUnsafe(ref p, dd + j);
            var ggv = gh * gam;
            acc1 += ggv;
            acc2 += ggv * xh;
            xh.StoreUnsafe(ref sc, j);
            ggv.StoreUnsafe(ref sc, dd + j);
        }

        var m1V = Vector512.Create(Vector512.Sum(acc1) / d);
        var m2V = Vector512.Create(Vector512.Sum(acc2) / d);
        var one = Vector512<float>.One;
        var accS = Vector512<float>.Zero;
        for (nuint j = 0; j < dd; j += 16)
        {
            var gz = (Vector512.LoadUnsafe(ref sc, dd + j) - m1V - (Vector512.LoadUnsafe(ref sc, j) * m2V)) * rsV;
            var a = Vector512.LoadUnsafe(ref gt, j);
            var sig = Vector512.LoadUnsafe(ref gt, dd + j);
            var ga = gz * sig;
            var gbv = ga * a * (one - sig);
            ga.StoreUnsafe(ref gg0, j);
            gbv.StoreUnsafe(ref gg0, dd + j);
            (Vector512.LoadUnsafe(ref p, (4 * dd) + j) + ga).StoreUnsafe(ref p, (4 * dd) + j);
            (Vector512.LoadUnsafe(ref p, (5 * dd) + j) + gbv).StoreUnsafe(ref p, (5 * dd) + j);
            accS += gz * Vector512.LoadUnsafe(ref wr, j);
            (Vector512.LoadUnsafe(ref p, (2 * dd) + j) + (gz * sv)).StoreUnsafe(ref p, (2 * dd) + j);
            (Vector512.LoadUnsafe(ref p, (3 * dd) + j) + gz).StoreUnsafe(ref p, (3 * dd) + j);
        }

        return (Vector512.Sum(accSel), Vector512.Sum(accS));
    }

    /// <summary>
    /// <see cref="Backward"/> for two consecutive rows at once (16-lane kernels only: check <see cref="Wide"/>): each
    /// partial column sum gets row A's term, then row B's, as when the rows run one after the other (same bits).
    /// // gate2: 4D (rows A, B as left by the forward); gout2: 2D; gGate2: 4D; partials: 6D; scratch: 4D
    /// </summary>
    public static (float GSelA, float GSA, float GSelB, float GSB) BackwardPair(ReadOnlySpan<float> gate2, float sA, float sB,
        ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float selA, float selB,
        float meanA, float rstdA, float meanB, float rstdB, ReadOnlySpan<float> gout2, Span<float> gGate2, Span<float> partials, Span<float> scratch)
    {
        var d = gout2.Length / 2;
        if (!Wide(d) || gate2.Length < 4 * d || w.Length < d || b.Length < d || gamma.Length < d || beta.Length < d
            || gGate2.Length < 4 * d || partials.Length < 6 * d || scratch.Length < 4 * d)
        {
            throw new ArgumentException("BankRows.BackwardPair: needs 16-lane rows and spans of the row widths.");
        }

        var dd = (nuint)d;
        ref var gt = ref MemoryMarshal.GetReference(gate2);     // A: [a, σ] at 0, B at 2D
        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var gm = ref MemoryMarshal.GetReference(gamma);
        ref var bt = ref MemoryMarshal.GetReference(beta);
        ref var go = ref MemoryMarshal.GetReference(gout2);     // A at 0, B at D
        ref var gg0 = ref MemoryMarshal.GetReference(gGate2);   // A at 0, B at 2D
        ref var p = ref MemoryMarshal.GetReference(partials);
        ref var sc = ref MemoryMarshal.GetReference(scratch);   // x̂A, γ·ghA, x̂B, γ·ghB
        Vector512<float> svA = Vector512.Create(sA), svB = Vector512.Create(sB);
        Vector512<float> mnA = Vector512.Create(meanA), mnB = Vector512.Create(meanB);
        Vector512<float> rsA = Vector512.Create(rstdA), rsB = Vector512.Create(rstdB);
        Vector512<float> slA = Vector512.Create(selA), slB = Vector512.Create(selB);
        Vector512<float> selAccA = Vector512<float>.Zero, selAccB = Vector512<float>.Zero;
        Vector512<float> a1A = Vector512<float>.Zero, a2A = Vector512<float>.Zero, a1B = Vector512<float>.Zero, a2B = Vector512<float>.Zero;
        for (nuint j = 0; j < dd; j += 16)
        {
            var wv = Vector512.LoadUnsafe(ref wr, j);
            var bv = Vector512.LoadUnsafe(ref br, j);
            var gam = Vector512.LoadUnsafe(ref gm, j);
            var bet = Vector512.LoadUnsafe(ref bt, j);
            var xhA = ((Vector512.LoadUnsafe(ref gt, j) * Vector512.LoadUnsafe(ref gt, dd + j)) + (svA * wv) + bv - mnA) * rsA;
            var xhB = ((Vector512.LoadUnsafe(ref gt, (2 * dd) + j) * Vector512.LoadUnsafe(ref gt, (3 * dd) + j)) + (svB * wv) + bv - mnB) * rsB;
            var gA = Vector512.LoadUnsafe(ref go, j);
            var gB = Vector512.LoadUnsafe(ref go, dd + j);
            selAccA += gA * ((xhA * gam) + bet);
            selAccB += gB * ((xhB * gam) + bet);
            var ghA = gA * slA;
            var ghB = gB * slB;
            ((Vector512.LoadUnsafe(ref p, j) + (ghA * xhA)) + (ghB * xhB)).StoreUnsafe(ref p, j);
            ((Vector512.LoadUnsafe(ref p, dd + j) + ghA) + ghB).StoreUnsafe(ref p, dd + j);
            var ggA = ghA * gam;
            var ggB = ghB * gam;
            a1A += ggA;
            a2A += ggA * xhA;
            a1B += ggB;
            a2B += ggB * xhB;
            xhA.StoreUnsafe(ref sc, j);
            ggA.StoreUnsafe(ref sc, dd + j);
            xhB.StoreUnsafe(ref sc, (2 * dd) + j);
            ggB.StoreUnsafe(ref sc, (3 * dd) + j);
        }

        Vector512<float> m1A = Vector512.Create(Vector512.Sum(a1A) / d), m2A = Vector512.Create(Vector512.Sum(a2A) / d);
        Vector512<float> m1B = Vector512.Create(Vector512.Sum(a1B) / d), m2B = Vector512.Create(Vector512.Sum(a2B) / d);
        var one = Vector512<float>.One;
        Vector512<float> accSA = Vector512<float>.Zero, accSB = Vector512<float>.Zero;
        for (nuint j = 0; j < dd; j += 16)
        {
            var wv = Vector512.LoadUnsafe(ref wr, j);
            var gzA = (Vector512.LoadUnsafe(ref sc, dd + j) - m1A - (Vector512.LoadUnsafe(ref sc, j) * m2A)) * rsA;
            var gzB = (Vector512.LoadUnsafe(ref sc, (3 * dd) + j) - m1B - (Vector512.LoadUnsafe(ref sc, (2 * dd) + j) * m2B)) * rsB;
            var sigA = Vector512.LoadUnsafe(ref gt, dd + j);
            var sigB = Vector512.LoadUnsafe(ref gt, (3 * dd) + j);
            var gaA = gzA * sigA;
            var gaB = gzB * sigB;
            var gbA = gaA * Vector512.LoadUnsafe(ref gt, j) * (one - sigA);
            var gbB = gaB * Vector512.LoadUnsafe(ref gt, (2 * dd) + j) * (one - sigB);
            gaA.StoreUnsafe(ref gg0, j);
            gbA.StoreUnsafe(ref gg0, dd + j);
            gaB.StoreUnsafe(ref gg0, (2 * dd) + j);
            gbB.StoreUnsafe(ref gg0, (3 * dd) + j);
            ((Vector512.LoadUnsafe(ref p, (4 * dd) + j) + gaA) + gaB).StoreUnsafe(ref p, (4 * dd) + j);
            ((Vector512.LoadUnsafe(ref p, (5 * dd) + j) + gbA) + gbB).StoreUnsafe(ref p, (5 * dd) + j);
            accSA += gzA * wv;
            accSB += gzB * wv;
            ((Vector512.LoadUnsafe(ref p, (2 * dd) + j) + (gzA * svA)) + (gzB * svB)).StoreUnsafe(ref p, (2 * dd) + j);
            ((Vector512.LoadUnsafe(ref p, (3 * dd) + j) + gzA) + gzB).StoreUnsafe(ref p, (3 * dd) + j);
        }

        return (Vector512.Sum(selAccA), Vector512.Sum(accSA), Vector512.Sum(selAccB), Vector512.Sum(accSB));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EluAffineWide(float s, ReadOnlySpan<float> u, ReadOnlySpan<float> c, Span<float> dst)
    {
        var d = dst.Length;
        if (u.Length < d || c.Length < d)
        {
            throw new ArgumentException("BankRows: a row span is shorter than the row width.");
        }

        ref var ur = ref MemoryMarshal.GetReference(u);
        ref var cr = ref MemoryMarshal.GetReference(c);
        ref var o = ref MemoryMarshal.GetReference(dst);
        var sv = Vector512.Create(s);
        for (nuint j = 0; j < (nuint)d; j += 16)
        {
            var v = (sv * Vector512.LoadUnsafe(ref ur, j)) + Vector512.LoadUnsafe(ref cr, j);
            var ev = FastMath.Exp(v) - Vector512<float>.One;
            Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<float>.Zero), v, ev).StoreUnsafe(ref o, j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float EluAffineBackwardWide(Span<float> ge, ReadOnlySpan<float> e, float s, ReadOnlySpan<float> u, Span<float> pU, Span<float> pC)
    {
        var d = ge.Length;
        if (e.Length < d || u.Length < d || pU.Length < d || pC.Length < d)
        {
            throw new ArgumentException("BankRows: a row span is shorter than the row width.");
        }

        ref var gr = ref MemoryMarshal.GetReference(ge);
        ref var er = ref MemoryMarshal.GetReference(e);
        ref var ur = ref MemoryMarshal.GetReference(u);
        ref var pu = ref MemoryMarshal.GetReference(pU);
        ref var pc = ref MemoryMarshal.GetReference(pC);
        var sv = Vector512.Create(s);
        var one = Vector512<float>.One;
        var acc = Vector512<float>.Zero;
        for (nuint j = 0; j < (nuint)d; j += 16)
        {
            var ev = Vector512.LoadUnsafe(ref er, j);
            var f = Vector512.ConditionalSelect(Vector512.GreaterThan(ev, Vector512<float>.Zero), one, ev + one);
            var g = Vector512.LoadUnsafe(ref gr, j) * f;
            g.StoreUnsafe(ref gr, j);
            acc += g * Vector512.LoadUnsafe(ref ur, j);
            (Vector512.LoadUnsafe(ref pu, j) + (g * sv)).StoreUnsafe(ref pu, j);
            (Vector512.LoadUnsafe(ref pc, j) + g).StoreUnsafe(ref pc, j);
        }

        return Vector512.Sum(acc);
    }
}
