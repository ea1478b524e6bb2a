using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kosmo.Tensors.Kernels;

/// <summary>
/// Single-precision GEMM, row-major: C = alpha·op(A)·op(B) + beta·C with op(A): (M, K), op(B): (K, N).
/// Cache-blocked (KC × NC panels of B, MC × KC blocks of A), packed (A read in place where it can be), 6×16 AVX2/FMA
/// micro-kernel (6×32 AVX-512 when <see cref="UseAvx512"/> is set); the rows of C (or, for a few uneven row tiles, its
/// columns) are split over <see cref="TensorThreads.Count"/> workers. Every element of C gets the same FMA chain
/// whatever the split, so results do not depend on the thread count.
/// Compare with <see cref="SgemmReference"/>.
/// </summary>
public static partial class Sgemm
{
    private const int Mr = 6;
    private const int Nr = 16;
    private const int NrWide = 32;
    private const int Kc = 256;
    private const int Mc = 96;
    private const int Nc = 512;

    // Per-thread pack buffers, pinned and used from a 64-byte-aligned offset (aligned panel loads).
    [ThreadStatic]
    private static float[]? _packA;

    [ThreadStatic]
    private static int _packAOff;

    [ThreadStatic]
    private static float[]? _packB;

    [ThreadStatic]
    private static int _packBOff;

    /// <summary>C = alpha·op(A)·op(B) + beta·C on arrays with offsets and leading dimensions (row strides).</summary>
    /// <exception cref="ArgumentException">Negative sizes or arrays too short for the given strides.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        Check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        Observe(SgemmEntry.Multiply, transA, transB, m, n, k);
        Parallel(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, null, 0);
    }

    /// <summary>
    /// C = op(A)·op(B) + bias with the bias row (n values at <paramref name="biasOffset"/>) added to every row of C: the
    /// same bits as filling C's rows with the bias and calling <see cref="Multiply"/> with alpha = beta = 1, without the
    /// fill pass or reading C back where the tile path serves the product (a Linear layer's forward).
    /// </summary>
    /// <exception cref="ArgumentException">Negative sizes or arrays too short for the given strides.</exception>
    public static void MultiplyBias(bool transA, bool transB, int m, int n, int k,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float[] bias, int biasOffset, float[] c, int cOffset, int ldc)
    {
        ArgumentNullException.ThrowIfNull(bias);
        Check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        Need("bias", bias, biasOffset, 1, n, n);
        Observe(SgemmEntry.MultiplyBias, transA, transB, m, n, k);
        Parallel(transA, transB, m, n, k, 1f, a, aOffset, lda, b, bOffset, ldb, 1f, c, cOffset, ldc, bias, biasOffset);
    }

    private static void Parallel(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc, float[]? bias, int biasOff)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        var work = (long)m * n * k;
        // Below ~2 MFLOP a parallel region costs more than it saves.
        var threads = work < 128 * 128 * 64 ? 1 : Math.Min(TensorThreads.Count, Math.Max(1, m / (2 * Mr)));
        if (threads <= 1)
        {
            Serial(transA, transB, 0, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias: bias, biasOff: biasOff);
            return;
        }

        // Few row tiles that do not split evenly (a weight gradient: M = 64 output features, K = B·L rows) leave one
        // worker idle for a whole tile row; split the columns instead (multiples of Nr). Every element of C still gets
        // the same FMA chain, so results are the same as for any row split or one thread.
        // Rows are split on multiples of the micro-kernel's height: 8 where the tile path serves the product, else 6.
        var unit = TileEligible(transB, n, k, alpha, beta) ? TileRows : Mr;
        var mTiles = (m + unit - 1) / unit;
        var nTiles = (n + Nr - 1) / Nr;
        if (mTiles % threads != 0 && mTiles < 8 * threads && nTiles >= 2 * threads && nTiles % threads == 0)
        {
            TensorThreads.Run(threads, t =>
            {
                var j0 = (int)((long)nTiles * t / threads) * Nr;
                var j1 = Math.Min(n, (int)((long)nTiles * (t + 1) / threads) * Nr);
                if (j1 > j0)
                {
                    var bOffT = bOffset + (transB ? j0 * ldb : j0);
                    Serial(transA, transB, 0, m, j1 - j0, k, alpha, a, aOffset, lda, b, bOffT, ldb, beta, c, cOffset + j0, ldc, bias: bias, biasOff: biasOff + j0);
                }
            });
            return;
        }

        // Row chunks on multiples of Mr so tiles are full wherever possible; with many tiles, four chunks per thread
        // handed out dynamically (a slower core takes fewer), each packing its own B panels.
        var chunks = mTiles >= 8 * threads ? 4 * threads : threads;
        TensorThreads.ForDynamic(chunks, t =>
        {
            var s = Math.Min(m, (int)((long)mTiles * t / chunks) * unit);
            var e = Math.Min(m, (int)((long)mTiles * (t + 1) / chunks) * unit);
            if (e > s)
            {
                Serial(transA, transB, s, e, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, bias: bias, biasOff: biasOff);
            }
        });
    }

    /// <summary>Same as <see cref="Multiply"/> but always on the calling thread.</summary>
    public static void MultiplySerial(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        Check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        Observe(SgemmEntry.MultiplySerial, transA, transB, m, n, k);
        if (m > 0 && n > 0)
        {
            Serial(transA, transB, 0, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Serial(bool transA, bool transB, int m0, int m1, int n, int k, float alpha,
        float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, float[]? packedB = null, bool packedWide = false, int packedOff = 0,
        float[]? bias = null, int biasOff = 0)
    {
        if (packedB is null && MixedPrecision.Bf16)
        {
            SerialBf16(transA, transB, m0, m1, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff);
            return;
        }

        // The tile path takes the rows in whole strips of 8 (same bits); the general path below takes any rest. A bias
        // row (beta = 1 on a bias-filled C) is added by the tile path's store, and filled in for the general path's rows.
        if (packedB is null && m1 - m0 >= TileRows && TileEligible(transB, n, k, alpha, beta))
        {
            var m8 = m1 - ((m1 - m0) % TileRows);
            TileRange(transA, transB, m0, m8, n, k, a, aOff, lda, b, bOff, ldb, bias is null && beta == 1f, c, cOff, ldc, bias, biasOff);
            if (m8 == m1)
            {
                return;
            }

            m0 = m8;
        }

        if (bias is not null)
        {
            for (var i = m0; i < m1; i++)
            {
                bias.AsSpan(biasOff, n).CopyTo(c.AsSpan(cOff + (i * ldc), n));
            }
        }

        if (beta != 1f && !(beta == 0f && alpha != 0f && k > 0))
        {
            for (var i = m0; i < m1; i++)
            {
                var row = c.AsSpan(cOff + i * ldc, n);
                if (beta == 0f)
                {
                    row.Clear();
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
                }
            }
        }

        if (alpha == 0f || k == 0)
        {
            return;
        }

        var packA = _packA ??= AlignedBuffer.Allocate(Mc * Kc, out _packAOff);
        var packAOff = _packAOff;
        var packB = packedB ?? (_packB ??= AlignedBuffer.Allocate(Kc * Nc, out _packBOff));
        var packBOff = packedB is null ? _packBOff : packedOff;
        // A packed B keeps the kernel width it was packed for (UseAvx512 may have changed since).
        var wide = packedB is null ? _wide : packedWide;
        var nrw = wide ? NrWide : Nr;
        Span<float> tmp = stackalloc float[Mr * NrWide];
        // A is read in place, so only an edge panel is packed: non-transposed by the row kernel (six row streams),
        // transposed by the panel kernel stepping lda per k (its six values per step are contiguous).
        var direct = !wide;
        fixed (float* pa0 = packA, pb0 = packB, pc = c, pt = tmp, pA = a)
        {
            float* pa = pa0 + packAOff, pb = pb0 + packBOff;
            for (var jc = 0; jc < n; jc += Nc)
            {
                var nc = Math.Min(Nc, n - jc);
                for (var pc0 = 0; pc0 < k; pc0 += Kc)
                {
                    var kc = Math.Min(Kc, k - pc0);
                    var overwrite = pc0 == 0 && beta == 0f;
                    if (packedB is null)
                    {
                        PackB(transB, b, bOff, ldb, pc0, kc, jc, nc, packB, packBOff, nrw);
                    }
                    for (var ic = m0; ic < m1; ic += Mc)
                    {
                        var mc = Math.Min(Mc, m1 - ic);
                        var edge = mc - (mc % Mr);
                        if (!direct)
                        {
                            PackA(transA, a, aOff, lda, ic, mc, pc0, kc, packA, packAOff);
                        }
                        else if (edge < mc)
                        {
                            PackA(transA, a, aOff, lda, ic + edge, mc - edge, pc0, kc, packA, packAOff);
                        }

                        for (var jr = 0; jr < nc; jr += nrw)
                        {
                            var nr = Math.Min(nrw, nc - jr);
                            for (var ir = 0; ir < mc; ir += Mr)
                            {
                                var mr = Math.Min(Mr, mc - ir);
                                var cp = pc + cOff + (long)(ic + ir) * ldc + jc + jr;
                                var ap = direct ? pa : pa + ir * kc;
                                var bp = pb + jr * kc;
                                if (direct && transA && mr == Mr)
                                {
                                    var at = pA + aOff + ((long)pc0 * lda) + ic + ir;
                                    if (nr == nrw)
                                    {
                                        Kernel(kc, at, lda, bp, cp, ldc, alpha, overwrite);
                                    }
                                    else
                                    {
                                        new Span<float>(pt, Mr * nrw).Clear();
                                        Kernel(kc, at, lda, bp, pt, nrw, 1f, overwrite: true);
                                        CopyEdge(cp, ldc, pt, nrw, mr, nr, alpha, overwrite);
                                    }
                                }
                                else if (direct && mr == Mr && nr == nrw)
                                {
                                    KernelRows(kc, pA + aOff + ((long)(ic + ir) * lda) + pc0, lda, bp, cp, ldc, alpha, overwrite);
                                }
                                else if (direct && mr == Mr)
                                {
                                    new Span<float>(pt, Mr * nrw).Clear();
                                    KernelRows(kc, pA + aOff + ((long)(ic + ir) * lda) + pc0, lda, bp, pt, nrw, 1f, overwrite: true);
                                    CopyEdge(cp, ldc, pt, nrw, mr, nr, alpha, overwrite);
                                }
                                else if (mr == Mr && nr == nrw)
                                {
                                    if (wide)
                                    {
                                        KernelWide(kc, ap, bp, cp, ldc, alpha, overwrite);
                                    }
                                    else
                                    {
                                        Kernel(kc, ap, Mr, bp, cp, ldc, alpha, overwrite);
                                    }
                                }
                                else
                                {
                                    new Span<float>(pt, Mr * nrw).Clear();
                                    if (wide)
                                    {
                                        KernelWide(kc, ap, bp, pt, nrw, 1f, overwrite: true);
                                    }
                                    else
                                    {
                                        Kernel(kc, ap, Mr, bp, pt, nrw, 1f, overwrite: true);
                                    }

                                    CopyEdge(cp, ldc, pt, nrw, mr, nr, alpha, overwrite);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // Rows [m0, m1) of C on the bf16 kernels (MixedPrecision): with a bias row, C = op(A)·op(B) + bias (beta = 1 there
    // means a bias-filled C, so C is not read).
    private static unsafe void SerialBf16(bool transA, bool transB, int m0, int m1, int n, int k, float alpha,
        float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, float[]? bias, int biasOff)
    {
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            var ap = pa + aOff + (transA ? m0 : (long)m0 * lda);
            Bf16Native.Multiply(transA, transB, m1 - m0, n, k, alpha, ap, lda, pb + bOff, ldb, 0, bias is null ? null : pbias + biasOff,
                bias is null ? beta : 0f, pc + cOff + ((long)m0 * ldc), ldc);
        }
    }

    // C[mr×nr] (+)= alpha·tile with the same rounding as the full-tile store (x·alpha, or fused x·alpha + C), so an
    // element's value does not depend on whether it fell in a full or an edge tile.
    private static unsafe void CopyEdge(float* cp, int ldc, float* pt, int nrw, int mr, int nr, float alpha, bool overwrite)
    {
        for (var r = 0; r < mr; r++)
        {
            for (var q = 0; q < nr; q++)
            {
                ref var cv = ref cp[((long)r * ldc) + q];
                var x = pt[(r * nrw) + q];
                cv = overwrite ? x * alpha : Fma.IsSupported ? MathF.FusedMultiplyAdd(x, alpha, cv) : (x * alpha) + cv;
            }
        }
    }

    internal static void Check(bool transA, bool transB, int m, int n, int k, float[] a, int aOff, int lda,
        float[] b, int bOff, int ldb, float[] c, int cOff, int ldc)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"Negative GEMM size m={m} n={n} k={k}.");
        }

        Need("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        Need("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        Need("C", c, cOff, m, n, ldc);
    }

    private static void Need(string name, float[] x, int off, int rows, int cols, int ld)
    {
        if (rows == 0 || cols == 0)
        {
            return;
        }

        if (ld < cols || off < 0 || off + ((long)(rows - 1) * ld) + cols > x.Length)
        {
            throw new ArgumentException($"GEMM operand {name} ({rows}×{cols}, leading dimension {ld}, offset {off}) does not fit its array of {x.Length}.");
        }
    }
}
