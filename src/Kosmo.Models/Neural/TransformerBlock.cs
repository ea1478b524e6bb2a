using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Neural;

/// <summary>
/// One pre-LN Transformer encoder block with causal multi-head self-attention:
/// x + Dropout(Wo·Attn(LN1(x))) then x + Dropout(FFN(LN2(x))), FFN = Linear → GELU → Linear.
/// Q, K, V projections use Xavier-uniform weights and zero biases (PyTorch nn.MultiheadAttention); the output
/// projection and the FFN use nn.Linear's initialisation. // x: (B, L, D) → (B, L, D)
/// </summary>
public sealed class TransformerBlock
{
    private readonly int _heads;
    private readonly float _dropout;
    private readonly Parameter _ln1Gamma;
    private readonly Parameter _ln1Beta;
    private readonly Parameter _ln2Gamma;
    private readonly Parameter _ln2Beta;
    private readonly LinearLayer _q;
    private readonly LinearLayer _k;
    private readonly LinearLayer _v;
    private readonly LinearLayer _o;
    private readonly LinearLayer _ff1;
    private readonly LinearLayer _ff2;

    /// <summary>Creates the block's parameters "{name}.*".</summary>
    /// <exception cref="ArgumentException">D not divisible by the number of heads.</exception>
    public TransformerBlock(string name, int modelDim, int heads, int feedForwardDim, float dropout, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (heads < 1 || modelDim % heads != 0)
        {
            throw new ArgumentException($"Model width {modelDim} is not divisible by {heads} heads.", nameof(heads));
        }

        _heads = heads;
        _dropout = dropout;
        _ln1Gamma = new Parameter(name + ".ln1.gamma", Enumerable.Repeat(1f, modelDim).ToArray(), modelDim);
        _ln1Beta = Parameter.CreateZeros(name + ".ln1.beta", modelDim);
        _q = Xavier(name + ".attn.q", modelDim, rng);
        _k = Xavier(name + ".attn.k", modelDim, rng);
        _v = Xavier(name + ".attn.v", modelDim, rng);
        _o = new LinearLayer(name + ".attn.out", modelDim, modelDim, rng);
        _ln2Gamma = new Parameter(name + ".ln2.gamma", Enumerable.Repeat(1f, modelDim).ToArray(), modelDim);
        _ln2Beta = Parameter.CreateZeros(name + ".ln2.beta", modelDim);
        _ff1 = new LinearLayer(name + ".ff1", modelDim, feedForwardDim, rng);
        _ff2 = new LinearLayer(name + ".ff2", feedForwardDim, modelDim, rng);
        Parameters = [_ln1Gamma, _ln1Beta, .. _q.Parameters, .. _k.Parameters, .. _v.Parameters, .. _o.Parameters,
            _ln2Gamma, _ln2Beta, .. _ff1.Parameters, .. _ff2.Parameters];
    }

    /// <summary>Every parameter of the block.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Applies the block. // x: (B, L, D), causalMask: L·L → (B, L, D)</summary>
    public Tensor Forward(Tensor x, bool[] causalMask, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        int b = x.Dim(0), l = x.Dim(1), d = x.Dim(2), dh = d / _heads;
        var a = Ops.LayerNorm(x, _ln1Gamma, _ln1Beta);
        var q = SplitHeads(_q.Forward(a), b, l, dh);                                  // (B·H, L, dh)
        var k = SplitHeads(_k.Forward(a), b, l, dh);
        var v = SplitHeads(_v.Forward(a), b, l, dh);
        var scores = Ops.Scale(Ops.BatchMatMul(q, k, transB: true), 1f / MathF.Sqrt(dh)); // (B·H, L, L)
        var context = Ops.BatchMatMul(Ops.Softmax(scores, causalMask), v);             // (B·H, L, dh)
        var merged = Ops.Reshape(Ops.Permute(Ops.Reshape(context, b, _heads, l, dh), 0, 2, 1, 3), b, l, d);
        x = Ops.Add(x, Drop(_o.Forward(merged), training, rng));
        var f = _ff2.Forward(Ops.Gelu(_ff1.Forward(Ops.LayerNorm(x, _ln2Gamma, _ln2Beta))));
        return Ops.Add(x, Drop(f, training, rng));
    }

    /// <summary>
    /// The block's output at the last position only, for a last-position readout: keys and values over every step,
    /// the query, attention, output projection and feed-forward network for step L−1 alone (the last row of the causal
    /// mask hides nothing). The same function as <see cref="Forward"/>'s last row at about a third of the block's
    /// products; dropout draws the same one seed from <paramref name="rng"/>, so the stream after the block is
    /// unchanged. // x: (B, L, D) → (B, 1, D)
    /// </summary>
    public Tensor ForwardLast(Tensor x, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        int b = x.Dim(0), l = x.Dim(1), d = x.Dim(2), dh = d / _heads;
        var a = Ops.LayerNorm(x, _ln1Gamma, _ln1Beta);
        var k = SplitHeads(_k.Forward(a), b, l, dh);                                  // (B·H, L, dh)
        var v = SplitHeads(_v.Forward(a), b, l, dh);
        var q = Ops.Reshape(_q.Forward(Ops.Slice(a, 1, l - 1, 1)), b * _heads, 1, dh); // (B·H, 1, dh): one step, no permute
        var scores = Ops.Scale(Ops.BatchMatMul(q, k, transB: true), 1f / MathF.Sqrt(dh)); // (B·H, 1, L)
        var merged = Ops.Reshape(Ops.BatchMatMul(Ops.Softmax(scores), v), b, 1, d);   // (B, 1, D)
        var y = Ops.Add(Ops.Slice(x, 1, l - 1, 1), Drop(_o.Forward(merged), training, rng));
        var f = _ff2.Forward(Ops.Gelu(_ff1.Forward(Ops.LayerNorm(y, _ln2Gamma, _ln2Beta))));
        return Ops.Add(y, Drop(f, training, rng));
    }

    private Tensor SplitHeads(Tensor t, int b, int l, int dh) =>
        Ops.Reshape(Ops.Permute(Ops.Reshape(t, b, l, _heads, dh), 0, 2, 1, 3), b * _heads, l, dh);

    private Tensor Drop(Tensor t, bool training, Random rng) => training ? Ops.Dropout(t, _dropout, rng) : t;

    private static LinearLayer Xavier(string name, int d, Random rng)
    {
        var layer = new LinearLayer(name, d, d, rng);
        var bound = MathF.Sqrt(6f / (d + d));
        for (var i = 0; i < layer.Weight.Size; i++)
        {
            layer.Weight.Data[i] = ((float)rng.NextDouble() * 2f - 1f) * bound;
        }

        layer.Bias!.Span.Clear();
        return layer;
    }
}
