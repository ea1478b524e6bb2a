using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Kosmo.TorchRef;

/// <summary>Gated linear unit of the reference: Linear(d_in, 2·d_out), first half times the sigmoid of the second.</summary>
internal sealed class Glu : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc;

    /// <summary>Creates the unit.</summary>
    /// <param name="dIn">Input size.</param>
    /// <param name="dOut">Output size.</param>
    public Glu(long dIn, long dOut)
        : base(nameof(Glu))
    {
        fc = nn.Linear(dIn, 2 * dOut);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var h = fc.call(input).chunk(2, -1);
        return h[0] * h[1].sigmoid();
    }
}
