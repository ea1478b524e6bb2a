namespace Kosmo.Tensors.Optim;

/// <summary>AdamW (decoupled weight decay, PyTorch defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2).</summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates AdamW.</summary>
    public AdamW(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2)
        : base(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupled: true)
    {
    }
}
