namespace Kosmo.Tensors.Kernels;

/// <summary>Plain triple-loop GEMM with double accumulation: the reference that <see cref="Sgemm"/> is tested against.</summary>
public static class SgemmReference
{
    /// <summary>Same contract as <see cref="Sgemm.Multiply"/>.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        Sgemm.Check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[aOffset + (p * lda) + i] : a[aOffset + (i * lda) + p];
                    var bv = transB ? b[bOffset + (j * ldb) + p] : b[bOffset + (p * ldb) + j];
                    s += (double)av * bv;
                }

                ref var cv = ref c[cOffset + (i * ldc) + j];
                cv = (float)((alpha * s) + (beta == 0f ? 0.0 : (double)beta * cv));
            }
        }
    }
}
