using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Layers;

/// <summary>
/// Gated linear unit of the reference: fc = Linear(In, 2·Out) ("{name}.fc"), then first half · sigmoid(second half).
/// // x: (..., In) -> (..., Out)
/// </summary>
public sealed class GluLayer
{
    private readonly Kernels.KernelWorkspace _workspace = new();

    /// <summary>Creates the layer (PyTorch nn.Linear initialisation from <paramref name="rng"/>).</summary>
    public GluLayer(string name, int inFeatures, int outFeatures, Random rng)
    {
        Fc = new LinearLayer(name + ".fc", inFeatures, 2 * outFeatures, rng);
        OutFeatures = outFeatures;
    }

    /// <summary>The projection to 2·Out.</summary>
    public LinearLayer Fc { get; }

    /// <summary>Out.</summary>
    public int OutFeatures { get; }

    /// <summary>Weight then bias.</summary>
    public IEnumerable<Parameter> Parameters => Fc.Parameters;

    /// <summary>a · σ(b) with [a, b] = fc(x). // x: (..., In) -> (..., Out)</summary>
    public Tensor Forward(Tensor x) => Ops.Glu(Fc.Forward(x));

    /// <summary>
    /// Gate, add and norm fused (<see cref="Kernels.GluAddNorm"/>): norm(residual + GLU(x)).
    /// // x: (..., In), residual: (..., Out) -> (..., Out)
    /// </summary>
    public Tensor ForwardAddNorm(Tensor x, Tensor residual, LayerNormLayer norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        return Kernels.GluAddNorm.Forward(Fc.Forward(x), residual, [norm.Weight], [norm.Bias], _workspace);
    }

    /// <summary>norm(residual + GLU) on a precomputed projection g = fc(x) (the fused GRN hidden path). // g: (..., 2·Out)</summary>
    public Tensor AddNorm(Tensor g, Tensor residual, LayerNormLayer norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        return Kernels.GluAddNorm.Forward(g, residual, [norm.Weight], [norm.Bias], _workspace);
    }
}
