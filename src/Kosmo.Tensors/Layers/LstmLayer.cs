namespace Kosmo.Tensors.Layers;

/// <summary>
/// One LSTM layer with PyTorch nn.LSTM initialisation (uniform ±1/√H for W_ih, W_hh and both biases; the two biases
/// are summed into one parameter, which is equivalent). Forward calls <see cref="Ops.Lstm"/>.
/// </summary>
public sealed class LstmLayer
{
    /// <summary>Creates the layer; parameters "{name}.w_ih" (4H, I), "{name}.w_hh" (4H, H), "{name}.bias" (4H).</summary>
    public LstmLayer(string name, int inputSize, int hiddenSize, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var k = 1f / MathF.Sqrt(hiddenSize);
        HiddenSize = hiddenSize;
        WeightIh = Parameter.CreateUniform(name + ".w_ih", rng, k, 4 * hiddenSize, inputSize);
        WeightHh = Parameter.CreateUniform(name + ".w_hh", rng, k, 4 * hiddenSize, hiddenSize);
        var b1 = Tensor.Uniform(rng, -k, k, 4 * hiddenSize);
        var b2 = Tensor.Uniform(rng, -k, k, 4 * hiddenSize);
        System.Numerics.Tensors.TensorPrimitives.Add(b1.Span, b2.Span, b1.Span);
        Bias = new Parameter(name + ".bias", b1.Data, 4 * hiddenSize);
    }

    /// <summary>H.</summary>
    public int HiddenSize { get; }

    /// <summary>(4H, I), gate order i, f, g, o.</summary>
    public Parameter WeightIh { get; }

    /// <summary>(4H, H).</summary>
    public Parameter WeightHh { get; }

    /// <summary>(4H) = PyTorch b_ih + b_hh.</summary>
    public Parameter Bias { get; }

    /// <summary>The three parameters.</summary>
    public IEnumerable<Parameter> Parameters => [WeightIh, WeightHh, Bias];

    /// <summary>All hidden states. // x: (B, L, I), h0, c0: (B, H) -> (B, L, H)</summary>
    public Tensor Forward(Tensor x, Tensor h0, Tensor c0) => Ops.Lstm(x, h0, c0, WeightIh, WeightHh, Bias);
}
