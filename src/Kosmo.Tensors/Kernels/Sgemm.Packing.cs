using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kosmo.Tensors.Kernels;

/// <summary>
/// Packing for <see cref="Sgemm"/>: the per-call A and B panel packers, and B packed once for many products
/// (<see cref="PackedB"/>, <see cref="Pack"/>).
/// </summary>
public static partial class Sgemm
{
    /// <summary>
    /// op(B) (k × n, at most 256 × 512) packed once into the micro-kernel's panel layout, for many products with the
    /// same B: the VSN bank multiplies every 256-row tile by the same per-variable weights, and packing them per tile
    /// cost as much as a tenth of a step. Products with it use the kernel width it was packed for.
    /// </summary>
    public sealed class PackedB
    {
        internal PackedB(float[] data, int offset, int k, int n, bool wide, TileB? tile)
        {
            Tile = tile;
            Data = data;
            Offset = offset;
            K = k;
            N = n;
            Wide = wide;
        }

        internal float[] Data { get; }

        internal int Offset { get; }

        // The same op(B) in the tile path's panels, when that path can serve it (n a multiple of 32).
        internal TileB? Tile { get; }

        /// <summary>Rows of op(B).</summary>
        public int K { get; }

        /// <summary>Columns of op(B).</summary>
        public int N { get; }

        internal bool Wide { get; }
    }

    /// <summary>Packs op(B) for <see cref="MultiplySerial(bool, int, int, int, float, float[], int, int, PackedB, float, float[], int, int)"/>.</summary>
    /// <exception cref="ArgumentException">k above 256, n above 512, or B too short.</exception>
    public static PackedB Pack(bool transB, int k, int n, float[] b, int bOffset, int ldb, PackedB? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (k < 1 || n < 1 || k > Kc || n > Nc)
        {
            throw new ArgumentException($"Sgemm.Pack: op(B) must be at most {Kc}×{Nc}, got {k}×{n}.");
        }

        Need("B", b, bOffset, transB ? n : k, transB ? k : n, ldb);
        var wide = _wide;
        var nrw = wide ? NrWide : Nr;
        var size = k * ((n + nrw - 1) / nrw) * nrw;
        int off;
        float[] data;
        if (reuse is not null && reuse.Data.Length - reuse.Offset >= size)
        {
            data = reuse.Data;
            off = reuse.Offset;
        }
        else
        {
            data = AlignedBuffer.Allocate(size, out off);
        }

        PackB(transB, b, bOffset, ldb, 0, k, 0, n, data, off, nrw);
        var tile = _tiles && n % TileCols == 0 ? PackTile(transB, k, n, b, bOffset, ldb, reuse?.Tile) : null;
        return new PackedB(data, off, k, n, wide, tile);
    }

    /// <summary>C = alpha·op(A)·B + beta·C on the calling thread, B packed by <see cref="Pack"/> (same bits as unpacked).</summary>
    /// <exception cref="ArgumentException">Sizes differ from the packed B's, or arrays too short.</exception>
    public static void MultiplySerial(bool transA, int m, int n, int k, float alpha, float[] a, int aOffset, int lda, PackedB b,
        float beta, float[] c, int cOffset, int ldc)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.K != k || b.N != n)
        {
            throw new ArgumentException($"Sgemm: packed B is {b.K}×{b.N}, the product needs {k}×{n}.");
        }

        Need("A", a, aOffset, transA ? k : m, transA ? m : k, lda);
        Need("C", c, cOffset, m, n, ldc);
        Observe(SgemmEntry.MultiplySerialPacked, transA, false, m, n, k);
        var m0 = 0;
        if (b.Tile is not null && _tiles && m >= TileRows && alpha == 1f && (beta == 0f || beta == 1f))
        {
            // whole strips of 8 rows on the tile path, the rest below (same bits)
            m0 = m - (m % TileRows);
            TilePacked(transA, m0, n, k, a, aOffset, lda, b.Tile, beta == 1f, c, cOffset, ldc);
        }

        if (m > m0)
        {
            Serial(transA, false, m0, m, n, k, alpha, a, aOffset, lda, b.Data, 0, 0, beta, c, cOffset, ldc, b.Data, b.Wide, b.Offset);
        }
    }

    /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] into Mr-row panels, k-major, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackA(bool transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] dst, int dstOff)
    {
        fixed (float* pa = a, pd0 = dst)
        {
            var pd = pd0 + dstOff;
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
    private static unsafe void PackB(bool transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] dst, int dstOff, int nrw)
    {
        fixed (float* pb = b, pd = dst)
        {
            var d = pd + dstOff;
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
}
