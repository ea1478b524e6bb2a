namespace Kosmo.Tensors.Kernels;

/// <summary>Plain double-precision LSTM forward (PyTorch gate order i, f, g, o): the reference for <see cref="Ops.Lstm"/>.</summary>
public static class LstmReference
{
    /// <summary>All hidden states, row-major (B, L, H). // x: (B, L, I), h0, c0: (B, H), wIh: (4H, I), wHh: (4H, H), bias: (4H)</summary>
    public static double[] Forward(float[] x, int b, int l, int inF, float[] h0, float[] c0, float[] wIh, float[] wHh, float[] bias, int h)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(h0);
        ArgumentNullException.ThrowIfNull(c0);
        ArgumentNullException.ThrowIfNull(wIh);
        ArgumentNullException.ThrowIfNull(wHh);
        ArgumentNullException.ThrowIfNull(bias);
        var outp = new double[b * l * h];
        var z = new double[4 * h];
        for (var bi = 0; bi < b; bi++)
        {
            var hp = new double[h];
            var cp = new double[h];
            for (var j = 0; j < h; j++)
            {
                hp[j] = h0[(bi * h) + j];
                cp[j] = c0[(bi * h) + j];
            }

            for (var t = 0; t < l; t++)
            {
                for (var r = 0; r < 4 * h; r++)
                {
                    double s = bias[r];
                    for (var q = 0; q < inF; q++)
                    {
                        s += (double)wIh[(r * inF) + q] * x[(((bi * l) + t) * inF) + q];
                    }

                    for (var q = 0; q < h; q++)
                    {
                        s += wHh[(r * h) + q] * hp[q];
                    }

                    z[r] = s;
                }

                for (var j = 0; j < h; j++)
                {
                    double ig = Sig(z[j]), fg = Sig(z[h + j]), gg = Math.Tanh(z[(2 * h) + j]), og = Sig(z[(3 * h) + j]);
                    cp[j] = (fg * cp[j]) + (ig * gg);
                    hp[j] = og * Math.Tanh(cp[j]);
                    outp[(((bi * l) + t) * h) + j] = hp[j];
                }
            }
        }

        return outp;
    }

    private static double Sig(double v) => 1.0 / (1.0 + Math.Exp(-v));
}
