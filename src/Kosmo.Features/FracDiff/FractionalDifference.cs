namespace Kosmo.Features.FracDiff;

/// <summary>
/// Fixed-width-window fractional differentiation (López de Prado 2018, ch. 5.5): weights
/// w_0 = 1, w_k = −w_{k−1}(d − k + 1)/k, truncated at the first k with |w_k| &lt; threshold, and
/// FFD_t = Σ_{k=0}^{K−1} w_k x_{t−k}, NaN for t &lt; K − 1 or when any input in the window is NaN.
/// </summary>
public static class FractionalDifference
{
    /// <summary>The FFD weights w_0..w_{K−1} for order d (all |w_k| ≥ threshold).</summary>
    /// <exception cref="ArgumentOutOfRangeException">threshold not in (0, 1], or d negative.</exception>
    public static double[] Weights(double d, double threshold = 1e-4, int maxWidth = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(d);
        if (threshold is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Threshold must be in (0, 1].");
        }

        var weights = new List<double> { 1.0 };
        for (var k = 1; k < maxWidth; k++)
        {
            var w = -weights[^1] * (d - k + 1) / k;
            if (Math.Abs(w) < threshold)
            {
                break;
            }

            weights.Add(w);
        }

        return [.. weights];
    }

    /// <summary>Applies FFD weights to x (length n): result length n, NaN during the warm-up.</summary>
    public static double[] Apply(ReadOnlySpan<double> x, ReadOnlySpan<double> weights)
    {
        var result = new double[x.Length];
        var K = weights.Length;
        var reversed = new double[K];
        for (var k = 0; k < K; k++)
        {
            reversed[K - 1 - k] = weights[k];
        }

        for (var t = 0; t < x.Length; t++)
        {
            // Σ_k w_k x_{t−k} = reversed · x[t−K+1 .. t] (SIMD dot product in a fixed order).
            result[t] = t < K - 1 ? double.NaN : Wavelets.VectorMath.Dot(reversed, x.Slice(t - K + 1, K));
        }

        return result;
    }
}
