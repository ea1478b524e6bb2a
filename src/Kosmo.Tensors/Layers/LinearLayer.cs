namespace Kosmo.Tensors.Layers;

/// <summary>
/// Weight (Out, In) and optional bias (Out) with PyTorch nn.Linear initialisation (uniform ±1/√In); Forward calls
/// <see cref="Ops.Linear"/>. // x: (..., In) -> (..., Out)
/// </summary>
public sealed class LinearLayer
{
    /// <summary>Creates the layer; parameters are named "{name}.weight" and "{name}.bias".</summary>
    public LinearLayer(string name, int inFeatures, int outFeatures, Random rng, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var bound = 1f / MathF.Sqrt(inFeatures);
        Weight = Parameter.CreateUniform(name + ".weight", rng, bound, outFeatures, inFeatures);
        Bias = bias ? Parameter.CreateUniform(name + ".bias", rng, bound, outFeatures) : null;
    }

    /// <summary>(Out, In).</summary>
    public Parameter Weight { get; }

    /// <summary>(Out) or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>Weight then bias (if any).</summary>
    public IEnumerable<Parameter> Parameters => Bias is null ? [Weight] : [Weight, Bias];

    /// <summary>x·Wᵀ + b. // x: (..., In) -> (..., Out)</summary>
    public Tensor Forward(Tensor x) => Ops.Linear(x, Weight, Bias);
}
