namespace Kosmo.Models.Kernels;

/// <summary>Plain double-precision reference of <see cref="VsnCombine"/>. // p: (n, N, D), w: (N, n) -> (N, D)</summary>
public static class VsnCombineReference
{
    /// <summary>y[r, j] = Σᵢ w[r, i] · p[i, r, j].</summary>
    public static float[] Forward(float[] p, float[] w, int n, int rows, int d)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(w);
        var y = new float[rows * d];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < d; j++)
            {
                double s = 0;
                for (var i = 0; i < n; i++)
                {
                    s += (double)w[(r * n) + i] * p[(((i * rows) + r) * d) + j];
                }

                y[(r * d) + j] = (float)s;
            }
        }

        return y;
    }
}
