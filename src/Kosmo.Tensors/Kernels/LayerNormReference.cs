namespace Kosmo.Tensors.Kernels;

/// <summary>Plain double-precision layer norm over the last axis: the reference for <see cref="Ops.LayerNorm"/>.</summary>
public static class LayerNormReference
{
    /// <summary>y = (x − mean)/√(var + eps)·gamma + beta per row of length d (biased variance).</summary>
    public static double[] Forward(float[] x, int d, float[] gamma, float[] beta, double eps)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gamma);
        ArgumentNullException.ThrowIfNull(beta);
        var y = new double[x.Length];
        for (var r = 0; r < x.Length / d; r++)
        {
            double mean = 0, variance = 0;
            for (var j = 0; j < d; j++)
            {
                mean += x[(r * d) + j];
            }

            mean /= d;
            for (var j = 0; j < d; j++)
            {
                variance += (x[(r * d) + j] - mean) * (x[(r * d) + j] - mean);
            }

            var rs = 1.0 / Math.Sqrt((variance / d) + eps);
            for (var j = 0; j < d; j++)
            {
                y[(r * d) + j] = ((x[(r * d) + j] - mean) * rs * gamma[j]) + beta[j];
            }
        }

        return y;
    }
}
