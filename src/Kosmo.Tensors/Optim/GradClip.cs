namespace Kosmo.Tensors.Optim;

/// <summary>Gradient clipping (PyTorch clip_grad_norm_ semantics).</summary>
public static class GradClip
{
    /// <summary>
    /// Scales all gradients by min(1, maxNorm / (total + 1e-6)) where total is the global L2 norm (computed in
    /// float64); returns the norm before clipping. Parameters without a gradient are ignored.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">maxNorm not positive.</exception>
    public static double ClipByGlobalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"maxNorm {maxNorm} must be positive.");
        }

        var ps = parameters.Where(p => p.Grad is not null).ToArray();
        double sq = 0;
        foreach (var p in ps)
        {
            foreach (var g in p.Grad.AsSpan(0, p.Size))
            {
                sq += (double)g * g;
            }
        }

        var total = Math.Sqrt(sq);
        var coef = maxNorm / (total + 1e-6);
        if (coef < 1)
        {
            foreach (var p in ps)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(p.Grad.AsSpan(0, p.Size), (float)coef, p.Grad.AsSpan(0, p.Size));
            }
        }

        return total;
    }
}
