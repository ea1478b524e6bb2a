using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kosmo.TorchRef;

/// <summary>
/// Variable selection network of the reference: softmax weights over n variables (each of size d) from a GRN of their
/// concatenation (and the context), times the variables each through its own GRN. The reference stacks the variables
/// into (..., n, d) and reads each back with xs[..., i, :]; here they arrive as the list they were stacked from, so the
/// weights GRN reads their concatenation (= the flattened stack) and each variable GRN its own tensor. Same maths, but
/// autograd no longer backpropagates through n selects, each of which allocates and zero-fills a gradient of the whole
/// (B, L, n, d) stack (16 × 63 MB per step at the bench shape) before the n copies are summed.
/// </summary>
internal sealed class Vsn : nn.Module<Tensor[], Tensor?, (Tensor Selected, Tensor Weights)>
{
    private readonly Grn weightsGrn;
    private readonly ModuleList<Grn> varGrns;

    /// <summary>Creates the network.</summary>
    /// <param name="n">Number of variables.</param>
    /// <param name="d">Size of each variable (and of the output).</param>
    /// <param name="dContext">Context size, or 0 for none.</param>
    /// <param name="dropout">Dropout of the GRNs.</param>
    public Vsn(int n, long d, long dContext, double dropout)
        : base(nameof(Vsn))
    {
        weightsGrn = new Grn(n * d, d, n, dContext, dropout);
        varGrns = nn.ModuleList(Enumerable.Range(0, n).Select(_ => new Grn(d, d, d, 0, dropout)).ToArray());
        RegisterComponents();
    }

    /// <summary>Selects: <paramref name="input1"/> the n variables, each (..., d); <paramref name="input2"/> the (B, d)
    /// context or null, broadcast over time when the variables have a time axis.</summary>
    /// <returns>The weighted sum (..., d) and the weights (..., n).</returns>
    public override (Tensor Selected, Tensor Weights) forward(Tensor[] input1, Tensor? input2)
    {
        var flat = cat(input1, -1);
        var c = input2;
        if (c is not null && flat.dim() == 3)
        {
            c = c.unsqueeze(1).expand(-1, flat.size(1), -1);
        }

        var w = softmax(weightsGrn.call(flat, c), -1);
        var processed = stack(varGrns.Select((g, i) => g.call(input1[i], null)), -2);
        return ((w.unsqueeze(-1) * processed).sum(-2), w);
    }
}
