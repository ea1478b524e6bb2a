namespace Kosmo.Models.Kernels;

/// <summary>Plain double-precision reference of <see cref="GroupedLinear"/>. // x: (G, M, I) -> (G, M, O)</summary>
public static class GroupedLinearReference
{
    /// <summary>y[g, r, o] = Σᵢ x[g, r, i]·W_g[o, i] + b_g[o].</summary>
    public static float[] Forward(float[] x, IReadOnlyList<float[]> weights, IReadOnlyList<float[]> biases, int m, int inputs, int outputs)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        var y = new float[weights.Count * m * outputs];
        for (var g = 0; g < weights.Count; g++)
        {
            for (var r = 0; r < m; r++)
            {
                for (var o = 0; o < outputs; o++)
                {
                    double s = biases[g][o];
                    for (var i = 0; i < inputs; i++)
                    {
                        s += (double)x[(((g * m) + r) * inputs) + i] * weights[g][(o * inputs) + i];
                    }

                    y[(((g * m) + r) * outputs) + o] = (float)s;
                }
            }
        }

        return y;
    }
}
