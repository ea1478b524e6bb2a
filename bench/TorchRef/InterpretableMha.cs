using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kosmo.TorchRef;

/// <summary>
/// Interpretable multi-head attention of the reference: per-head query and key projections, one value projection
/// shared by all heads, heads averaged, then Linear(d_k, d). The queries are either every step of the sequence (causal
/// mask, the reference's formulation) or only its last step (the forecast day, which sees every step: no mask needed).
/// </summary>
internal sealed class InterpretableMha : nn.Module<Tensor, Tensor, (Tensor Output, Tensor Attention)>
{
    private readonly ModuleList<Linear> q;
    private readonly ModuleList<Linear> k;
    private readonly Linear v;
    private readonly Linear outProj;
    private readonly Dropout drop;
    private readonly double scale;

    /// <summary>Creates the attention.</summary>
    /// <param name="d">Model size.</param>
    /// <param name="heads">Number of heads (d_k = d / heads).</param>
    /// <param name="dropout">Dropout on the attention weights.</param>
    public InterpretableMha(long d, int heads, double dropout)
        : base(nameof(InterpretableMha))
    {
        var dk = d / heads;
        q = nn.ModuleList(Enumerable.Range(0, heads).Select(_ => nn.Linear(d, dk)).ToArray());
        k = nn.ModuleList(Enumerable.Range(0, heads).Select(_ => nn.Linear(d, dk)).ToArray());
        v = nn.Linear(d, dk);
        outProj = nn.Linear(dk, d);
        drop = nn.Dropout(dropout);
        scale = 1.0 / Math.Sqrt(dk);
        RegisterComponents();
    }

    /// <summary>Attends: <paramref name="input1"/> the query rows (B, Lq, d), <paramref name="input2"/> the whole
    /// sequence (B, L, d). Lq = L applies the causal mask; Lq = 1 is the last step, unmasked.</summary>
    /// <returns>Output (B, Lq, d) and the head-averaged weights (B, Lq, L).</returns>
    public override (Tensor Output, Tensor Attention) forward(Tensor input1, Tensor input2)
    {
        long lq = input1.size(1), l = input2.size(1);
        var mask = lq == 1 ? null : triu(ones(lq, l, dtype: ScalarType.Bool), 1);
        var values = v.call(input2);
        var heads = new List<Tensor>(q.Count);
        var attn = new List<Tensor>(q.Count);
        for (var h = 0; h < q.Count; h++)
        {
            var s = q[h].call(input1).matmul(k[h].call(input2).transpose(1, 2)) * scale;
            if (mask is not null)
            {
                s = s.masked_fill(mask, double.NegativeInfinity);
            }

            var a = drop.call(softmax(s, -1));
            heads.Add(a.matmul(values));
            attn.Add(a);
        }

        return (outProj.call(stack(heads).mean([0])), stack(attn).mean([0]));
    }
}
