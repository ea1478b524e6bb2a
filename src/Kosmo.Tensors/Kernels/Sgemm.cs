using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kosmo.Tensors.Kernels;

/// <summary>
/// Single-precision GEMM, row-major: C = alpha·op(A)·op(B) + beta·C with op(A): (M, K), op(B): (K, N).
/// Cache-blocked (KC × NC panels of B, MC × KC blocks of A), packed, 6×16 AVX2/FMA micro-kernel (6×32 AVX-512 when
/// <see cref="UseAvx512"/> is set); rows of C are split
/// statically over <see cref="TensorThreads.Count"/> workers, so results are reproducible at a fixed thread count.
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

    [ThreadStatic]
    private static float[]? _packA;

    [ThreadStatic]
    private static float[]? _packB;

    /// <summary>C = alpha·op(A)·op(B) + beta·C on arrays with offsets and leading dimensions (row strides).</summary>
    /// <exception cref="ArgumentException">Negative sizes or arrays too short for the given strides.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        Check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        var work = (long)m * n * k;
        // Below ~2 MFLOP a parallel region costs more than it saves.
        var threads = work < 128 * 128 * 64 ? 1 : Math.Min(TensorThreads.Count, Math.Max(1, m / (2 * Mr)));
        if (threads <= 1)
        {
            Serial(transA, transB, 0, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            // Chunk boundaries on multiples of Mr so tiles are full wherever possible.
            var tiles = (m + Mr - 1) / Mr;
            var s = Math.Min(m, (int)((long)tiles * t / threads) * Mr);
            var e = Math.Min(m, (int)((long)tiles * (t + 1) / threads) * Mr);
            if (e > s)
            {
                Serial(transA, transB, s, e, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            }
        });
    }

    /// <summary>Same as <see cref="Multiply"/> but always on the calling thread.</summary>
    public static void MultiplySerial(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        Check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        if (m > 0 && n > 0)
        {
            Serial(transA, transB, 0, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Serial(bool transA, bool transB, int m0, int m1, int n, int k, float alpha,
        float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc)
    {
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

        var packA = _packA ??= new float[Mc * Kc];
        var packB = _packB ??= new float[Kc * Nc];
        var wide = _wide;
        var nrw = wide ? NrWide : Nr;
        Span<float> tmp = stackalloc float[Mr * NrWide];
        // Non-transposed A is read in place by the row kernel (six row streams), so only an edge panel is packed.
        var direct = !transA && !wide;
        fixed (float* pa = packA, pb = packB, pc = c, pt = tmp, pA = a)
        {
            for (var jc = 0; jc < n; jc += Nc)
            {
                var nc = Math.Min(Nc, n - jc);
                for (var pc0 = 0; pc0 < k; pc0 += Kc)
                {
                    var kc = Math.Min(Kc, k - pc0);
                    var overwrite = pc0 == 0 && beta == 0f;
                    PackB(transB, b, bOff, ldb, pc0, kc, jc, nc, packB, nrw);
                    for (var ic = m0; ic < m1; ic += Mc)
                    {
                        var mc = Math.Min(Mc, m1 - ic);
                        var edge = mc - (mc % Mr);
                        if (!direct)
                        {
                            PackA(transA, a, aOff, lda, ic, mc, pc0, kc, packA);
                        }
                        else if (edge < mc)
                        {
                            PackA(transA, a, aOff, lda, ic + edge, mc - edge, pc0, kc, packA);
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
                                if (direct && mr == Mr && nr == nrw)
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
                                        Kernel(kc, ap, bp, cp, ldc, alpha, overwrite);
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
                                        Kernel(kc, ap, bp, pt, nrw, 1f, overwrite: true);
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

    /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] into Mr-row panels, k-major, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackA(bool transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] dst)
    {
        fixed (float* pa = a, pd = dst)
        {
            for (var ir = 0; ir < mc; ir += Mr)
            {
                var mr = Math.Min(Mr, mc - ir);
                var d = pd + (ir * kc);
                if (transA)
                {
                    // op(A)[i, p] = A[p, i]: Mr contiguous values per p.
                    var src = pa + aOff + ((long)pc * lda) + ic + ir;
                    if (mr == Mr)
                    {
                        for (var p = 0; p < kc; p++, src += lda, d += Mr)
                        {
                            Vector128.Load(src).Store(d);
                            d[4] = src[4];
                            d[5] = src[5];
                        }

                        continue;
                    }

                    for (var p = 0; p < kc; p++, src += lda, d += Mr)
                    {
                        for (var r = 0; r < Mr; r++)
                        {
                            d[r] = r < mr ? src[r] : 0f;
                        }
                    }
                }
                else if (mr == Mr)
                {
                    // op(A)[i, p] = A[i, p]: six row streams interleaved.
                    var r0 = pa + aOff + ((long)(ic + ir) * lda) + pc;
                    float* r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda;
                    for (var p = 0; p < kc; p++, d += Mr)
                    {
                        d[0] = r0[p];
                        d[1] = r1[p];
                        d[2] = r2[p];
                        d[3] = r3[p];
                        d[4] = r4[p];
                        d[5] = r5[p];
                    }
                }
                else
                {
                    for (var p = 0; p < kc; p++, d += Mr)
                    {
                        for (var r = 0; r < Mr; r++)
                        {
                            d[r] = r < mr ? pa[aOff + ((long)(ic + ir + r) * lda) + pc + p] : 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] into nrw-column panels (16 or 32), k-major, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackB(bool transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] dst, int nrw)
    {
        fixed (float* pb = b, pd = dst)
        {
            var d = pd;
            for (var jr = 0; jr < nc; jr += nrw)
            {
                var nr = Math.Min(nrw, nc - jr);
                if (!transB && nr == nrw)
                {
                    var src = pb + bOff + ((long)pc * ldb) + jc + jr;
                    for (var p = 0; p < kc; p++, src += ldb, d += nrw)
                    {
                        for (var q = 0; q < nrw; q += 8)
                        {
                            Vector256.Load(src + q).Store(d + q);
                        }
                    }

                    continue;
                }

                if (transB && nr == nrw)
                {
                    // op(B)[p, j] = B[j, p]: read each of the nrw rows of B contiguously, write one column of the panel.
                    for (var q = 0; q < nrw; q++)
                    {
                        var src = pb + bOff + ((long)(jc + jr + q) * ldb) + pc;
                        var col = d + q;
                        for (var p = 0; p < kc; p++)
                        {
                            col[(long)p * nrw] = src[p];
                        }
                    }

                    d += kc * nrw;
                    continue;
                }

                for (var p = 0; p < kc; p++, d += nrw)
                {
                    for (var q = 0; q < nrw; q++)
                    {
                        d[q] = q >= nr ? 0f
                            : transB ? pb[bOff + ((long)(jc + jr + q) * ldb) + pc + p] : pb[bOff + ((long)(pc + p) * ldb) + jc + jr + q];
                    }
                }
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
