using Kosmo.Tensors;

namespace Kosmo.Models.Layers;

/// <summary>
/// nn.LayerNorm(D): gamma "{name}.weight" = 1, beta "{name}.bias" = 0, eps 1e-5. // x: (..., D) -> (..., D)
/// </summary>
public sealed class LayerNormLayer
{
    /// <summary>Creates the layer.</summary>
    public LayerNormLayer(string name, int dimension)
    {
        Weight = new Parameter(name + ".weight", Enumerable.Repeat(1f, dimension).ToArray(), dimension);
        Bias = Parameter.CreateZeros(name + ".bias", dimension);
    }

    /// <summary>Gamma (D).</summary>
    public Parameter Weight { get; }

    /// <summary>Beta (D).</summary>
    public Parameter Bias { get; }

    /// <summary>Gamma then beta.</summary>
    public IEnumerable<Parameter> Parameters => [Weight, Bias];

    /// <summary>Normalises the last axis. // x: (..., D) -> (..., D)</summary>
    public Tensor Forward(Tensor x) => Ops.LayerNorm(x, Weight, Bias);
}
