using Kosmo.Tensors;

namespace Kosmo.Models.Layers;

/// <summary>
/// Variable selection network of the reference: softmax weights over n variables from a GRN on their
/// concatenation (optionally with a static context), times per-variable GRN outputs, summed.
/// Names: "{name}.weights_grn" (GRN(n·D, D, n, context)), "{name}.var_grns.{i}".
/// // xs: (n, N, D) variable-major with N = prod(lead) -> combined (lead..., D), weights (lead..., n)
/// </summary>
public sealed class VariableSelectionNetwork
{
    private readonly float _dropout;
    // One fused bank per data-parallel replica (each keeps per-call buffers between forward and backward).
    private readonly Kernels.ProjectedVsnBank?[] _fused = new Kernels.ProjectedVsnBank?[Replicas.Max];

    /// <summary>Creates the network.</summary>
    /// <param name="name">Parameter prefix ("static_vsn", "temporal_vsn").</param>
    /// <param name="count">n variables.</param>
    /// <param name="dimension">D.</param>
    /// <param name="context">Context size or 0.</param>
    /// <param name="dropout">GRN dropout.</param>
    /// <param name="rng">Initialisation draws.</param>
    public VariableSelectionNetwork(string name, int count, int dimension, int context, float dropout, Random rng)
    {
        WeightsGrn = new GatedResidualNetwork(name + ".weights_grn", count * dimension, dimension, count, context, dropout, rng);
        VarGrns = new GrnBank(name + ".var_grns", count, dimension, dropout, rng);
        Count = count;
        Dimension = dimension;
        _dropout = dropout;
    }

    /// <summary>n.</summary>
    public int Count { get; }

    /// <summary>D.</summary>
    public int Dimension { get; }

    /// <summary>GRN(n·D → n) giving the selection logits.</summary>
    public GatedResidualNetwork WeightsGrn { get; }

    /// <summary>The per-variable GRNs.</summary>
    public GrnBank VarGrns { get; }

    /// <summary>Parameters in PyTorch order.</summary>
    public IEnumerable<Parameter> Parameters => WeightsGrn.Parameters.Concat(VarGrns.Parameters);

    /// <summary>Selects and combines.</summary>
    /// <param name="xs">(n, N, D): variable i's embedding of every row.</param>
    /// <param name="lead">The leading shape of a row: [B] or [B, L] (product N).</param>
    /// <param name="context">(B, C) or null; broadcast over L.</param>
    /// <param name="dropoutRng">Dropout draws or null.</param>
    /// <returns>Combined (lead..., D) and weights (lead..., n).</returns>
    /// <exception cref="ArgumentException">xs does not match n, D and lead.</exception>
    public (Tensor Combined, Tensor Weights) Forward(Tensor xs, int[] lead, Tensor? context = null, Random? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(lead);
        var rows = lead.Aggregate(1, (a, b) => a * b);
        if (xs.Rank != 3 || xs.Dim(0) != Count || xs.Dim(1) != rows || xs.Dim(2) != Dimension)
        {
            throw new ArgumentException($"VSN: expected ({Count}, {rows}, {Dimension}), got ({string.Join(", ", xs.Shape)}).", nameof(xs));
        }

        var flat = Ops.Reshape(Ops.Permute(xs, 1, 0, 2), [.. lead, Count * Dimension]);
        var w = Ops.Softmax(WeightsGrn.Forward(flat, context, dropoutRng));
        var processed = VarGrns.Forward(xs, dropoutRng);
        var combined = Kernels.VsnCombine.Forward(processed, Ops.Reshape(w, rows, Count));
        return (Ops.Reshape(combined, [.. lead, Dimension]), w);
    }

    /// <summary>
    /// Same as <see cref="ForwardProjectedUnfused"/>, with the per-variable GRNs and the weighted combine in one fused
    /// kernel (<see cref="Kernels.ProjectedVsnBank"/>) whose (n, N, D) buffers are reused between steps.
    /// // s: (lead..., n), w: (n, D), b: (n, D) -> combined (lead..., D), weights (lead..., n)
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public (Tensor Combined, Tensor Weights) ForwardProjected(Tensor s, Tensor w, Tensor b, Tensor? context = null, Random? dropoutRng = null)
    {
        CheckProjected(s, w, b);
        var lead = s.Shape[..^1];
        var section = Kosmo.Tensors.Diagnostics.OpProfiler.Current;
        Kosmo.Tensors.Diagnostics.OpProfiler.Section(section + "_weights");
        var weights = ProjectedWeights(s, w, b, context, dropoutRng);
        Kosmo.Tensors.Diagnostics.OpProfiler.Section(section + "_bank");
        var nets = VarGrns.Networks;
        var w2 = Ops.Stack(nets.Select(g => (Tensor)g.Fc2.Weight).ToList(), 0);                  // (n, D, D)
        var b2 = Ops.Stack(nets.Select(g => (Tensor)g.Fc2.Bias!).ToList(), 0);                   // (n, D)
        var u = Ops.Reshape(Ops.BatchMatMul(w2, Ops.Reshape(w, Count, Dimension, 1)), Count, Dimension);
        var c = Ops.Add(Ops.Reshape(Ops.BatchMatMul(w2, Ops.Reshape(b, Count, Dimension, 1)), Count, Dimension), b2);
        var fused = _fused[Replicas.Index] ??= new Kernels.ProjectedVsnBank(
            nets.Select(g => (Tensor)g.Fc1.Weight).ToList(), nets.Select(g => (Tensor)g.Fc1.Bias!).ToList(),
            nets.Select(g => (Tensor)g.Glu.Fc.Weight).ToList(), nets.Select(g => (Tensor)g.Glu.Fc.Bias!).ToList(),
            nets.Select(g => (Tensor)g.Norm.Weight).ToList(), nets.Select(g => (Tensor)g.Norm.Bias).ToList());
        var combined = fused.Forward(s, weights, u, c, w, b, _dropout, dropoutRng);
        return (Ops.Reshape(combined, [.. lead, Dimension]), weights);
    }

    /// <summary>
    /// Selection over variables that are Linear(1 → D) projections of scalars: xᵢ = s[..., i]·wᵢ + bᵢ (TFT-Lite's
    /// temporal inputs). The concatenation (N, n·D) is never built: fc2 and skip of the weights GRN act on s through
    /// effective (Out, n) weights Wₑ[o, i] = Σⱼ W[o, i·D + j]·wᵢ[j], and the per-variable GRNs use
    /// <see cref="GrnBank.ForwardProjected"/>. Identical to <see cref="Forward"/> on the stacked projections.
    /// // s: (lead..., n), w: (n, D), b: (n, D) -> combined (lead..., D), weights (lead..., n)
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public (Tensor Combined, Tensor Weights) ForwardProjectedUnfused(Tensor s, Tensor w, Tensor b, Tensor? context = null, Random? dropoutRng = null)
    {
        CheckProjected(s, w, b);
        var lead = s.Shape[..^1];
        var rows = s.Size / Count;
        var weights = ProjectedWeights(s, w, b, context, dropoutRng);
        var st = Ops.Reshape(Ops.Transpose(Ops.Reshape(s, rows, Count), 0, 1), Count, rows, 1);
        var processed = VarGrns.ForwardProjected(st, Ops.Reshape(w, Count, 1, Dimension), Ops.Reshape(b, Count, 1, Dimension), dropoutRng);
        var combined = Kernels.VsnCombine.Forward(processed, Ops.Reshape(weights, rows, Count));
        return (Ops.Reshape(combined, [.. lead, Dimension]), weights);
    }

    // The projected inputs' shapes: s ends in n, w and b hold (n, D).
    private void CheckProjected(Tensor s, Tensor w, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        if (s.Dim(-1) != Count || w.Size != Count * Dimension || b.Size != Count * Dimension)
        {
            throw new ArgumentException($"VSN: s must end in {Count} and w, b be ({Count}, {Dimension}).");
        }
    }

    // The selection weights of projected inputs: the weights GRN with fc2 and skip acting on s. // s: (lead..., n) -> (lead..., n)
    private Tensor ProjectedWeights(Tensor s, Tensor w, Tensor b, Tensor? context, Random? dropoutRng)
    {
        var fc2 = ProjectedLinear(s, w, b, WeightsGrn.Fc2.Weight, WeightsGrn.Fc2.Bias);
        var skip = ProjectedLinear(s, w, b, WeightsGrn.Skip!.Weight, WeightsGrn.Skip.Bias);
        return Ops.Softmax(WeightsGrn.ForwardPrecomputed(fc2, skip, context, dropoutRng));
    }

    // Linear(W (O, n·D), bias) on flat[..., i·D + j] = s[..., i]·w[i, j] + b[i, j]. // s: (lead..., n) -> (lead..., O)
    private Tensor ProjectedLinear(Tensor s, Tensor w, Tensor b, Tensor weight, Tensor? bias)
    {
        var o = weight.Dim(0);
        var eff = Ops.Sum(Ops.Mul(Ops.Reshape(weight, o, Count, Dimension), Ops.Reshape(w, 1, Count, Dimension)), 2); // (O, n)
        var effBias = Ops.Reshape(Ops.Linear(Ops.Reshape(b, 1, Count * Dimension), weight, bias), o);
        return Ops.Linear(s, eff, effBias);
    }
}
