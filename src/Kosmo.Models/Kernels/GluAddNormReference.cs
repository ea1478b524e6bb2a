namespace Kosmo.Models.Kernels;

/// <summary>Plain double-precision reference of <see cref="GluAddNorm"/>. // g: (rows, 2D), residual: (rows, D) -> (rows, D)</summary>
public static class GluAddNormReference
{
    /// <summary>y = γ_grp·(z − mean z)/√(var z + 1e-5) + β_grp, z = residual + a·σ(b); row r is in group r / (rows / G).</summary>
    public static float[] Forward(float[] g, float[] residual, IReadOnlyList<float[]> gammas, IReadOnlyList<float[]> betas, int d)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(residual);
        ArgumentNullException.ThrowIfNull(gammas);
        ArgumentNullException.ThrowIfNull(betas);
        var rows = residual.Length / d;
        var perGroup = rows / gammas.Count;
        var y = new float[residual.Length];
        var z = new double[d];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < d; j++)
            {
                var b = (double)g[(r * 2 * d) + d + j];
                z[j] = residual[(r * d) + j] + (g[(r * 2 * d) + j] / (1 + Math.Exp(-b)));
            }

            var mean = z.Average();
            var variance = z.Sum(v => (v - mean) * (v - mean)) / d;
            for (var j = 0; j < d; j++)
            {
                y[(r * d) + j] = (float)((gammas[r / perGroup][j] * (z[j] - mean) / Math.Sqrt(variance + 1e-5)) + betas[r / perGroup][j]);
            }
        }

        return y;
    }
}
