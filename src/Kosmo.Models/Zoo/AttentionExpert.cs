using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Zoo;

/// <summary>
/// One expert of <see cref="RegimeExpertClassifier"/>: multi-head attention of the last step over the encoded
/// sequence (the last row of a full self-attention block: the other rows never reach the head), residual +
/// LayerNorm, then a linear head on [attended last step, statics].
/// // hs: (B, L, H) -> (B, C)
/// </summary>
internal sealed class AttentionExpert
{
    private readonly int _heads;
    private readonly LinearLayer _q;
    private readonly LinearLayer _k;
    private readonly LinearLayer _v;
    private readonly LinearLayer _o;
    private readonly Parameter _gamma;
    private readonly Parameter _beta;
    private readonly LinearLayer _head;

    /// <summary>Creates the expert; parameters are prefixed "{name}." (q, k, v, o, norm, head).</summary>
    public AttentionExpert(string name, int hidden, int heads, int staticWidth, int classes, Random rng)
    {
        _heads = heads;
        _q = new LinearLayer(name + ".q", hidden, hidden, rng);
        _k = new LinearLayer(name + ".k", hidden, hidden, rng);
        _v = new LinearLayer(name + ".v", hidden, hidden, rng);
        _o = new LinearLayer(name + ".o", hidden, hidden, rng);
        _gamma = new Parameter(name + ".norm.gamma", Enumerable.Repeat(1f, hidden).ToArray(), hidden);
        _beta = Parameter.CreateZeros(name + ".norm.beta", hidden);
        _head = new LinearLayer(name + ".head", hidden + staticWidth, classes, rng);
        Parameters = [.. _q.Parameters, .. _k.Parameters, .. _v.Parameters, .. _o.Parameters, _gamma, _beta, .. _head.Parameters];
    }

    /// <summary>All parameters of the expert.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Expert logits. // hs: (B, L, H), statics: (B, S) or null -> (B, C)</summary>
    public Tensor Forward(Tensor hs, Tensor? statics, float dropout, bool training, Random rng)
    {
        int b = hs.Dim(0), l = hs.Dim(1), h = hs.Dim(2), dh = h / _heads;
        var last = ZooInputs.LastStep(hs);                                                    // (B, H)
        var q = Heads(Ops.Reshape(_q.Forward(last), b, 1, h), b, 1, dh);                     // (B·nh, 1, dh)
        var k = Heads(_k.Forward(hs), b, l, dh);                                              // (B·nh, L, dh)
        var v = Heads(_v.Forward(hs), b, l, dh);                                              // (B·nh, L, dh)
        var scores = Ops.Scale(Ops.BatchMatMul(q, k, false, true), 1f / MathF.Sqrt(dh));     // (B·nh, 1, L)
        var ctx = Ops.BatchMatMul(Ops.Softmax(scores), v);                                    // (B·nh, 1, dh)
        var merged = Ops.Reshape(ctx, b, h);                                                  // (B, H): heads are contiguous per row
        var attended = ZooInputs.MaybeDropout(_o.Forward(merged), dropout, training, rng);
        var z = Ops.LayerNorm(Ops.Add(last, attended), _gamma, _beta);                       // (B, H)
        return _head.Forward(statics is null ? z : Ops.Concat([z, statics], 1));             // (B, C)
    }

    // (B, L, H) -> (B·nh, L, dh)
    private Tensor Heads(Tensor x, int b, int l, int dh) =>
        Ops.Reshape(Ops.Permute(Ops.Reshape(x, b, l, _heads, dh), 0, 2, 1, 3), b * _heads, l, dh);
}
