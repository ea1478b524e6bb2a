using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Layers;

/// <summary>
/// Interpretable multi-head attention of the reference (Lim et al. 2021): per-head Q and K projections D → dk
/// ("{name}.q.{h}", "{name}.k.{h}"), one V projection shared by all heads ("{name}.v"), causal mask, dropout after
/// the softmax, heads averaged, output projection dk → D ("{name}.out"). All heads' Q (and K) are computed in one
/// GEMM with the per-head weights stacked; since V is shared, mean_h(A_h·V) = (mean_h A_h)·V is used.
/// // x: (B, L, D) -> output (B, L, D), weights (B, L, L) (heads averaged)
/// </summary>
public sealed class InterpretableMultiHeadAttention
{
    private readonly float _dropout;

    /// <summary>Creates the layer; dk = D / H.</summary>
    /// <exception cref="ArgumentException">D is not divisible by H.</exception>
    public InterpretableMultiHeadAttention(string name, int dimension, int heads, float dropout, Random rng)
    {
        if (heads <= 0 || dimension % heads != 0)
        {
            throw new ArgumentException($"{name}: hidden size {dimension} must be a positive multiple of the heads {heads}.");
        }

        Heads = heads;
        HeadSize = dimension / heads;
        Q = Enumerable.Range(0, heads).Select(h => new LinearLayer($"{name}.q.{h}", dimension, HeadSize, rng)).ToArray();
        K = Enumerable.Range(0, heads).Select(h => new LinearLayer($"{name}.k.{h}", dimension, HeadSize, rng)).ToArray();
        V = new LinearLayer(name + ".v", dimension, HeadSize, rng);
        Out = new LinearLayer(name + ".out", HeadSize, dimension, rng);
        _dropout = dropout;
    }

    /// <summary>H.</summary>
    public int Heads { get; }

    /// <summary>dk = D / H.</summary>
    public int HeadSize { get; }

    /// <summary>Per-head query projections.</summary>
    public IReadOnlyList<LinearLayer> Q { get; }

    /// <summary>Per-head key projections.</summary>
    public IReadOnlyList<LinearLayer> K { get; }

    /// <summary>Shared value projection.</summary>
    public LinearLayer V { get; }

    /// <summary>Output projection.</summary>
    public LinearLayer Out { get; }

    /// <summary>Parameters in PyTorch order (q.*, k.*, v, out).</summary>
    public IEnumerable<Parameter> Parameters =>
        Q.SelectMany(l => l.Parameters).Concat(K.SelectMany(l => l.Parameters)).Concat(V.Parameters).Concat(Out.Parameters);

    /// <summary>Causal self-attention. // x: (B, L, D) -> (B, L, D), weights (B, L, L)</summary>
    /// <exception cref="ArgumentException">x is not 3-D.</exception>
    public (Tensor Output, Tensor Weights) Forward(Tensor x, Random? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3)
        {
            throw new ArgumentException($"Attention: x must be (B, L, D), got ({string.Join(", ", x.Shape)}).", nameof(x));
        }

        int b = x.Dim(0), l = x.Dim(1);
        var q = SplitHeads(Project(x, Q), b, l);
        var k = SplitHeads(Project(x, K), b, l);
        var v = V.Forward(x);                                                         // (B, L, dk)
        var scores = Ops.Scale(Ops.BatchMatMul(q, k, transB: true), 1f / MathF.Sqrt(HeadSize)); // (B·H, L, L)
        var a = Ops.Softmax(scores, Ops.CausalMask(l));
        if (dropoutRng is not null && _dropout > 0f)
        {
            a = Ops.Dropout(a, _dropout, dropoutRng);
        }

        var mean = Ops.Mean(Ops.Reshape(a, b, Heads, l, l), 1);                        // (B, L, L)
        var heads = Ops.BatchMatMul(mean, v);                                          // (B, L, dk)
        return (Out.Forward(heads), mean);
    }

    /// <summary>
    /// The same attention for the last query row only (q = L − 1, which sees every position, so no mask): keys and
    /// values over all L days, queries for the last day. Equals the last row of <see cref="Forward"/> without dropout
    /// up to float rounding; O(B·L·D) instead of O(B·L·D²): the keys and values are folded into the query side.
    /// // x: (B, L, D) -> output (B, 1, D), weights (B, 1, L) (heads averaged)
    /// </summary>
    /// <exception cref="ArgumentException">x is not 3-D.</exception>
    public (Tensor Output, Tensor Weights) ForwardLast(Tensor x, Random? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3)
        {
            throw new ArgumentException($"Attention: x must be (B, L, D), got ({string.Join(", ", x.Shape)}).", nameof(x));
        }

        // Keys and values are never projected for all B·L rows: with q the forecast query of head h,
        // q·(x·Wkᵀ + bk) = (q·Wk)·x + q·bk, and Σₗ aₗ·(xₗ·Wvᵀ + bv) = (Σₗ aₗ·xₗ)·Wvᵀ + (Σₗ aₗ)·bv (exact algebra).
        int b = x.Dim(0), l = x.Dim(1), d = x.Dim(2);
        var q = Ops.Reshape(Project(Ops.Slice(x, 1, l - 1, 1), Q), b, Heads, HeadSize);          // (B, H, dk)
        var wk = Ops.Reshape(Ops.Concat(K.Select(p => (Tensor)p.Weight).ToList(), 0), Heads, HeadSize, d);
        var bk = Ops.Reshape(Ops.Concat(K.Select(p => (Tensor)p.Bias!).ToList(), 0), 1, Heads, HeadSize);
        var qk = Ops.Permute(Ops.BatchMatMul(Ops.Permute(q, 1, 0, 2), wk), 1, 0, 2);             // (B, H, D) = q·Wk
        var qb = Ops.Sum(Ops.Mul(q, bk), 2, keepDim: true);                                     // (B, H, 1) = q·bk
        var scores = Ops.Add(Ops.BatchMatMul(qk, x, transB: true), qb);                         // (B, H, L)
        var a = Ops.Softmax(Ops.Scale(scores, 1f / MathF.Sqrt(HeadSize)));
        if (dropoutRng is not null && _dropout > 0f)
        {
            a = Ops.Dropout(a, _dropout, dropoutRng);
        }

        var mean = Ops.Mean(Ops.Reshape(a, b, Heads, 1, l), 1);                                 // (B, 1, L)
        var ax = Ops.BatchMatMul(mean, x);                                                      // (B, 1, D) = Σₗ aₗ·xₗ
        var heads = Ops.Add(Ops.Linear(ax, V.Weight, null), Ops.Mul(Ops.Sum(mean, 2, keepDim: true), V.Bias!)); // (B, 1, dk)
        return (Out.Forward(heads), mean);
    }

    // All heads in one GEMM: weights stacked to (H·dk, D). // x: (B, L, D) -> (B, L, H·dk)
    private static Tensor Project(Tensor x, IReadOnlyList<LinearLayer> layers)
    {
        var w = Ops.Concat(layers.Select(p => (Tensor)p.Weight).ToList(), 0);
        var bias = Ops.Concat(layers.Select(p => (Tensor)p.Bias!).ToList(), 0);
        return Ops.Linear(x, w, bias);
    }

    // (B, L, H·dk) -> (B·H, L, dk)
    private Tensor SplitHeads(Tensor t, int b, int l) =>
        Ops.Reshape(Ops.Permute(Ops.Reshape(t, b, l, Heads, HeadSize), 0, 2, 1, 3), b * Heads, l, HeadSize);
}
