namespace Kosmo.Tensors.Kernels;

/// <summary>Plain double-precision softmax / log-softmax of one row: the reference for the fast row kernel.</summary>
public static class SoftmaxReference
{
    /// <summary>Softmax (or log-softmax) of <paramref name="x"/> with optional mask (true = excluded).</summary>
    public static double[] Row(float[] x, bool[]? mask, bool log)
    {
        ArgumentNullException.ThrowIfNull(x);
        var max = double.NegativeInfinity;
        for (var i = 0; i < x.Length; i++)
        {
            if (mask is null || !mask[i])
            {
                max = Math.Max(max, x[i]);
            }
        }

        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (mask is null || !mask[i])
            {
                sum += Math.Exp(x[i] - max);
            }
        }

        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var masked = mask is not null && mask[i];
            y[i] = log ? (masked ? double.NegativeInfinity : x[i] - max - Math.Log(sum)) : (masked ? 0 : Math.Exp(x[i] - max) / sum);
        }

        return y;
    }
}
