using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kosmo.TorchRef;

/// <summary>
/// TFT-Lite of shared/reference/tft_lite.py, module for module. <see cref="LastDayOnly"/> switches between the
/// reference's forward (attention, gates and position-wise GRN over every step, then the last step's logits) and Kosmo's
/// forecast-day formulation (everything up to the static enrichment θ over every step, then attention with the last step
/// as the only query, keys and values over all steps, and the gates and position-wise GRN on that step only). The two
/// have the same parameters and, without dropout, the same logits and gradients: the other steps never reach the head.
/// The variable selection networks take their variables as a list instead of a stacked tensor (see <see cref="Vsn"/>).
/// </summary>
internal sealed class TftLite : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly ModuleList<Linear> realProj;
    private readonly ModuleList<Embedding> catEmb;
    private readonly ModuleList<Linear> staticRealProj;
    private readonly Vsn staticVsn;
    private readonly Grn cSel;
    private readonly Grn cEnr;
    private readonly Grn cH;
    private readonly Grn cC;
    private readonly Vsn temporalVsn;
    private readonly LSTM lstm;
    private readonly Glu gate1;
    private readonly LayerNorm norm1;
    private readonly Grn enrich;
    private readonly InterpretableMha attn;
    private readonly Glu gate2;
    private readonly LayerNorm norm2;
    private readonly Grn ff;
    private readonly Glu gate3;
    private readonly LayerNorm norm3;
    private readonly Linear head;

    /// <summary>Creates the model (the reference's TFTLite(n_real, static_cardinalities, n_static_real, d, heads)).</summary>
    /// <param name="nReal">K, time-varying reals.</param>
    /// <param name="staticCardinalities">Category counts of the static categoricals.</param>
    /// <param name="nStaticReal">R, static reals.</param>
    /// <param name="d">Hidden size.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="lastDayOnly">Kosmo's forecast-day formulation instead of the reference's full attention.</param>
    /// <param name="classes">Output classes.</param>
    /// <param name="dropout">Dropout rate.</param>
    public TftLite(int nReal, IReadOnlyList<int> staticCardinalities, int nStaticReal, long d, int heads, bool lastDayOnly, int classes = 3, double dropout = 0.1)
        : base(nameof(TftLite))
    {
        LastDayOnly = lastDayOnly;
        realProj = nn.ModuleList(Enumerable.Range(0, nReal).Select(_ => nn.Linear(1, d)).ToArray());
        catEmb = nn.ModuleList(staticCardinalities.Select(c => nn.Embedding(c, d)).ToArray());
        staticRealProj = nn.ModuleList(Enumerable.Range(0, nStaticReal).Select(_ => nn.Linear(1, d)).ToArray());
        staticVsn = new Vsn(staticCardinalities.Count + nStaticReal, d, 0, dropout);
        cSel = new Grn(d, d, d, 0, dropout);
        cEnr = new Grn(d, d, d, 0, dropout);
        cH = new Grn(d, d, d, 0, dropout);
        cC = new Grn(d, d, d, 0, dropout);
        temporalVsn = new Vsn(nReal, d, d, dropout);
        lstm = nn.LSTM(d, d, batchFirst: true);
        gate1 = new Glu(d, d);
        norm1 = nn.LayerNorm(d);
        enrich = new Grn(d, d, d, d, dropout);
        attn = new InterpretableMha(d, heads, dropout);
        gate2 = new Glu(d, d);
        norm2 = nn.LayerNorm(d);
        ff = new Grn(d, d, d, 0, dropout);
        gate3 = new Glu(d, d);
        norm3 = nn.LayerNorm(d);
        head = nn.Linear(d, classes);
        RegisterComponents();
    }

    /// <summary>True for the forecast-day formulation (query = the last step only).</summary>
    public bool LastDayOnly { get; }

    /// <summary>Logits (B, C) from <paramref name="input1"/> x_real (B, L, K), <paramref name="input2"/> s_cat (B, S)
    /// int64 and <paramref name="input3"/> s_real (B, R).</summary>
    public override Tensor forward(Tensor input1, Tensor input2, Tensor input3)
    {
        var l = input1.size(1);
        var statics = catEmb.Select((emb, i) => emb.call(input2.select(1, i)))
            .Concat(staticRealProj.Select((p, i) => p.call(input3.narrow(1, i, 1))));
        var (e, _) = staticVsn.call(statics.ToArray(), null);
        var sel = cSel.call(e, null);
        var enr = cEnr.call(e, null);
        var h0 = cH.call(e, null).unsqueeze(0);
        var c0 = cC.call(e, null).unsqueeze(0);
        var xs = realProj.Select((p, i) => p.call(input1.narrow(2, i, 1))).ToArray();
        var (x, _) = temporalVsn.call(xs, sel);
        var (h, _, _) = lstm.call(x, (h0, c0));
        var phi = norm1.call(x + gate1.call(h));
        var theta = enrich.call(phi, enr.unsqueeze(1).expand(-1, l, -1));
        if (LastDayOnly)
        {
            var thetaLast = theta.narrow(1, l - 1, 1);
            var (aLast, _) = attn.call(thetaLast, theta);
            var deltaLast = norm2.call(thetaLast + gate2.call(aLast));
            var psiLast = norm3.call(phi.narrow(1, l - 1, 1) + gate3.call(ff.call(deltaLast, null)));
            return head.call(psiLast.select(1, 0));
        }

        var (a, _) = attn.call(theta, theta);
        var delta = norm2.call(theta + gate2.call(a));
        var psi = norm3.call(phi + gate3.call(ff.call(delta, null)));
        return head.call(psi.select(1, l - 1));
    }
}
