namespace Kosmo.Tensors.Kernels;

/// <summary>im2col / col2im for 1-D convolutions: col[c·K + k, o] ↔ src[c, o·s − p + k] (zero outside).</summary>
internal static class Conv1dGeometry
{
    /// <summary>col (C·K, nCols) from src (C, len).</summary>
    public static void Im2Col(float[] src, int srcOff, int channels, int len, int k, int stride, int pad, int nCols, float[] col, int colOff)
    {
        for (var c = 0; c < channels; c++)
        {
            for (var kk = 0; kk < k; kk++)
            {
                var row = colOff + (((c * k) + kk) * nCols);
                for (var o = 0; o < nCols; o++)
                {
                    var pos = (o * stride) - pad + kk;
                    col[row + o] = pos >= 0 && pos < len ? src[srcOff + (c * len) + pos] : 0f;
                }
            }
        }
    }

    /// <summary>dst (C, len) += scatter of col (C·K, nCols): the adjoint of <see cref="Im2Col"/>.</summary>
    public static void Col2ImAdd(float[] col, int colOff, int channels, int len, int k, int stride, int pad, int nCols, float[] dst, int dstOff)
    {
        for (var c = 0; c < channels; c++)
        {
            for (var kk = 0; kk < k; kk++)
            {
                var row = colOff + (((c * k) + kk) * nCols);
                for (var o = 0; o < nCols; o++)
                {
                    var pos = (o * stride) - pad + kk;
                    if (pos >= 0 && pos < len)
                    {
                        dst[dstOff + (c * len) + pos] += col[row + o];
                    }
                }
            }
        }
    }
}
