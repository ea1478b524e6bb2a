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
}
