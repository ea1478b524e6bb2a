using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kosmo.TorchRef;

/// <summary>
/// Gated residual network of the reference: LayerNorm(skip(a) + GLU(dropout(W1 ELU(W2 a + W3 c + b2) + b1))), skip the
/// identity when the sizes match, else a Linear.
/// </summary>
internal sealed class Grn : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Linear? skip;
    private readonly Linear fc2;
    private readonly Linear? ctx;
    private readonly Linear fc1;
    private readonly Dropout drop;
    private readonly Glu glu;
    private readonly LayerNorm norm;

    /// <summary>Creates the network.</summary>
    /// <param name="dIn">Input size.</param>
    /// <param name="dHidden">Hidden size.</param>
    /// <param name="dOut">Output size.</param>
    /// <param name="dContext">Context size, or 0 for none.</param>
    /// <param name="dropout">Dropout before the gate.</param>
    public Grn(long dIn, long dHidden, long dOut, long dContext, double dropout)
        : base(nameof(Grn))
    {
        skip = dIn != dOut ? nn.Linear(dIn, dOut) : null;
        fc2 = nn.Linear(dIn, dHidden);
        ctx = dContext > 0 ? nn.Linear(dContext, dHidden, hasBias: false) : null;
        fc1 = nn.Linear(dHidden, dHidden);
        drop = nn.Dropout(dropout);
        glu = new Glu(dHidden, dOut);
        norm = nn.LayerNorm(dOut);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input1, Tensor? input2)
    {
        var h = fc2.call(input1);
        if (ctx is not null && input2 is not null)
        {
            h = h + ctx.call(input2);
        }

        h = fc1.call(nn.functional.elu(h, 1.0));
        var residual = skip is null ? input1 : skip.call(input1);
        return norm.call(residual + glu.call(drop.call(h)));
    }
}
