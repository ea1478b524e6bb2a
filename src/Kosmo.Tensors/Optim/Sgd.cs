namespace Kosmo.Tensors.Optim;

/// <summary>
/// SGD with momentum, PyTorch 1.13 semantics (dampening 0): d = g + wd·p; buf = d on the first step, then
/// buf = μ·buf + d; d = nesterov ? d + μ·buf : buf; p -= lr·d.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[]?[] _buf;

    /// <summary>Creates SGD.</summary>
    public Sgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, learningRate)
    {
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _buf = new float[]?[Parameters.Count];
    }

    /// <summary>Momentum factor μ.</summary>
    public double Momentum { get; }

    /// <summary>L2 weight decay added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad)
    {
        float lr = (float)LearningRate, mu = (float)Momentum, wd = (float)WeightDecay;
        var first = _buf[index] is null;
        var buf = _buf[index] ??= new float[value.Length];
        for (var j = 0; j < value.Length; j++)
        {
            var d = grad[j];
            if (wd != 0)
            {
                d += wd * value[j];
            }

            if (mu != 0)
            {
                buf[j] = first ? d : (mu * buf[j]) + d;
                d = Nesterov ? d + (mu * buf[j]) : buf[j];
            }

            value[j] -= lr * d;
        }
    }
}
