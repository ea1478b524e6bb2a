namespace Kosmo.Tensors.Kernels;

/// <summary>
/// The plain managed twin of the bf16 GEMM (<see cref="Bf16Native"/>): each operand value rounded to bfloat16 as
/// <c>VCVTNE2PS2BF16</c> does (round to nearest even; denormals to signed zero; NaN kept, made quiet), each element of C
/// the chain acc = 0; for each pair q of k (a zero after an odd last value): acc += a[2q+1]·b[2q+1]; acc += a[2q]·b[2q]
/// (the products are exact in fp32, each add rounds to nearest even, as <c>VDPBF16PS</c> accumulates), then
/// v = alpha·acc (skipped for alpha = 1), v += bias[j], v += beta·C (C not read when beta = 0).
/// </summary>
public static class Bf16Reference
{
    /// <summary>fp32 to bfloat16 (the upper 16 bits of the result's fp32 pattern), round to nearest even.</summary>
    public static ushort ToBf16(float value)
    {
        var u = BitConverter.SingleToUInt32Bits(value);
        if ((u & 0x7f800000u) == 0)
        {
            return (ushort)((u >> 16) & 0x8000u);
        }

        if ((u & 0x7fffffffu) > 0x7f800000u)
        {
            return (ushort)((u >> 16) | 0x40u);
        }

        u += 0x7fffu + ((u >> 16) & 1u);
        return (ushort)(u >> 16);
    }

    /// <summary>The fp32 value of a bfloat16 pattern.</summary>
    public static float FromBf16(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary><paramref name="value"/> rounded to the nearest bfloat16, as fp32.</summary>
    public static float Round(float value) => FromBf16(ToBf16(value));

    /// <summary>Same contract as <see cref="Sgemm.Multiply"/>, plus an optional bias row (n values) added before beta·C.</summary>
    /// <exception cref="ArgumentException">Negative sizes or arrays too short.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc, float[]? bias = null)
    {
        Sgemm.Check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        float A(int i, int p) => Round(transA ? a[aOffset + (p * lda) + i] : a[aOffset + (i * lda) + p]);
        float B(int p, int j) => Round(transB ? b[bOffset + (j * ldb) + p] : b[bOffset + (p * ldb) + j]);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var acc = 0f;
                for (var p = 0; p < k; p += 2)
                {
                    float a1 = 0f, b1 = 0f;
                    if (p + 1 < k)
                    {
                        a1 = A(i, p + 1);
                        b1 = B(p + 1, j);
                    }

                    var t1 = a1 * b1;
                    var t0 = A(i, p) * B(p, j);
                    acc += t1;
                    acc += t0;
                }

                var v = alpha != 1f ? acc * alpha : acc;
                if (bias is not null)
                {
                    v += bias[j];
                }

                ref var cv = ref c[cOffset + (i * ldc) + j];
                if (beta != 0f)
                {
                    v += beta != 1f ? beta * cv : cv;
                }

                cv = v;
            }
        }
    }
}
