using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kosmo.Tensors.Kernels;

/// <summary>
/// The tile path: C (m × n) = op(A)·B or C + op(A)·B for the small, evenly shaped products of a fused row-tile kernel
/// (m a multiple of 8, n a multiple of 32), on an 8×32 AVX-512 micro-kernel (16 accumulators) that reads A in place
/// (rows, or transposed: op(A)[i, p] = A[p, i]) and B either in place (non-transposed rows) or packed once
/// (<see cref="TileB"/>). No per-call packing and no edge tiles: at the VSN bank's shapes (256-row tiles, D = 64) this
/// runs at 97–116 GFLOP/s per core where the general path's 6×16 tiles and per-call B panels reach 69–100
/// (figure tft-gemm). Every element of C is the same FMA chain over k as in <see cref="MultiplySerial(bool, bool, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)"/>
/// with alpha = 1 (blocks of 256 along k, later blocks added with one fused multiply-add), so results are bit-identical
/// to it.
/// </summary>
public static partial class Sgemm
{
    /// <summary>Rows of the tile micro-kernel.</summary>
    public const int TileRows = 8;

    /// <summary>Columns of the tile micro-kernel.</summary>
    public const int TileCols = 32;

    private static bool _tiles = TileHardware;

    /// <summary>
    /// Whether the tile path may be used (default: on where AVX-512F is hardware-accelerated). Setting it false makes
    /// callers take their general path (the tests compare both).
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Set true on hardware without AVX-512F.</exception>
    public static bool UseTiles
    {
        get => _tiles;
        set => _tiles = !value || TileHardware
            ? value
            : throw new PlatformNotSupportedException("The tile path needs hardware-accelerated AVX-512F.");
    }

    /// <summary>Whether the hardware runs the tile micro-kernel (hardware-accelerated AVX-512F).</summary>
    public static bool TileHardware => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Whether callers should use <see cref="MultiplyTile(bool, int, int, int, float[], int, int, TileB, bool, float[], int, int)"/>
    /// for an m × n product: <see cref="UseTiles"/> is on, m is a multiple of 8 and n of 32.
    /// </summary>
    public static bool TileFits(int m, int n) => _tiles && m % TileRows == 0 && n % TileCols == 0;

    /// <summary>op(B) (k × n, n a multiple of 32) packed once into 32-column panels (panel j: k rows of 32), 64-byte aligned.</summary>
    public sealed class TileB
    {
        internal TileB(float[] data, int offset, int k, int n)
        {
            Data = data;
            Offset = offset;
            K = k;
            N = n;
        }

        internal float[] Data { get; }

        internal int Offset { get; }

        /// <summary>Rows of op(B).</summary>
        public int K { get; }

        /// <summary>Columns of op(B).</summary>
        public int N { get; }
    }

    /// <summary>Packs op(B) (k × n) for the tile path; reuses <paramref name="reuse"/>'s storage when it is large enough.</summary>
    /// <exception cref="ArgumentException">n not a positive multiple of 32, k not positive, or B too short.</exception>
    public static TileB PackTile(bool transB, int k, int n, float[] b, int bOffset, int ldb, TileB? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (k < 1 || n < 1 || n % TileCols != 0)
        {
            throw new ArgumentException($"Sgemm.PackTile: op(B) must be k × n with n a multiple of {TileCols}, got {k}×{n}.");
        }

        Need("B", b, bOffset, transB ? n : k, transB ? k : n, ldb);
        var size = k * n;
        float[] data;
        int off;
        if (reuse is not null && reuse.Data.Length - reuse.Offset >= size)
        {
            data = reuse.Data;
            off = reuse.Offset;
        }
        else
        {
            data = AlignedBuffer.Allocate(size, out off);
        }

        PackTileInto(transB, k, n, b, bOffset, ldb, data, off);
        return new TileB(data, off, k, n);
    }

    // Largest op(B) (k·n floats) the general entry points pack per call for the tile path when B is transposed.
    private const long MaxTilePack = 1 << 20;

    [ThreadStatic]
    private static float[]? _tilePack;

    [ThreadStatic]
    private static int _tilePackOff;

    // Whether the general entry points hand a product to the tile path (AVX-512 on, alpha 1, beta 0 or 1, n a multiple
    // of 32 up to 512, a transposed B small enough to pack per call); the rows are checked by the caller. Wider products
    // stay on the general path, whose Nc/Mc cache blocking the tile path lacks (square 1024: 0.75× OpenBLAS on the tile
    // path against 0.85–0.97 on the general one; 128–512: 1.08–1.76× on the tile path).
    private static bool TileEligible(bool transB, int n, int k, float alpha, float beta) =>
        _tiles && alpha == 1f && (beta == 0f || beta == 1f) && k > 0 && n % TileCols == 0 && n <= Nc && (!transB || (long)k * n <= MaxTilePack);

    // Rows [m0, m1) (a multiple of 8) of C = op(A)·op(B) (+ C): B read in place, or a transposed B packed per call.
    private static unsafe void TileRange(bool transA, bool transB, int m0, int m1, int n, int k, float[] a, int aOff, int lda,
        float[] b, int bOff, int ldb, bool accumulate, float[] c, int cOff, int ldc, float[]? bias = null, int biasOff = 0)
    {
        fixed (float* pa = a, pc = c, pbias = bias)
        {
            var bp0 = bias is null ? null : pbias + biasOff;
            var ap = pa + aOff + (transA ? m0 : (long)m0 * lda);
            var cp = pc + cOff + ((long)m0 * ldc);
            if (transB)
            {
                var size = k * n;
                if (_tilePack is null || _tilePack.Length - _tilePackOff < size)
                {
                    _tilePack = AlignedBuffer.Allocate(size, out _tilePackOff);
                }

                PackTileInto(true, k, n, b, bOff, ldb, _tilePack, _tilePackOff);
                fixed (float* pb = _tilePack)
                {
                    Tiles(transA, m1 - m0, n, k, ap, lda, pb + _tilePackOff, k * TileCols, TileCols, accumulate, cp, ldc, bp0);
                }
            }
            else
            {
                fixed (float* pb = b)
                {
                    Tiles(transA, m1 - m0, n, k, ap, lda, pb + bOff, TileCols, ldb, accumulate, cp, ldc, bp0);
                }
            }
        }
    }

    // op(B) (k × n) into 32-column panels at dst[off..]: panel j holds k rows of 32. (Bounds: checked by the callers.)
    private static unsafe void PackTileInto(bool transB, int k, int n, float[] b, int bOffset, int ldb, float[] dst, int off)
    {
        fixed (float* pb = b, pd = dst)
        {
            for (var j = 0; j < n; j += TileCols)
            {
                var panel = pd + off + ((long)j * k);
                if (transB)
                {
                    // op(B)[p, j + q] = B[j + q, p]: read each of the 32 rows of B contiguously, write one panel column.
                    for (var q = 0; q < TileCols; q++)
                    {
                        var src = pb + bOffset + ((long)(j + q) * ldb);
                        var col = panel + q;
                        for (var p = 0; p < k; p++)
                        {
                            col[(long)p * TileCols] = src[p];
                        }
                    }
                }
                else
                {
                    for (var p = 0; p < k; p++)
                    {
                        var src = pb + bOffset + ((long)p * ldb) + j;
                        Vector512.Load(src).Store(panel + ((long)p * TileCols));
                        Vector512.Load(src + 16).Store(panel + ((long)p * TileCols) + 16);
                    }
                }
            }
        }
    }

    /// <summary>C = op(A)·B, or C + op(A)·B when <paramref name="accumulate"/>, with B packed by <see cref="PackTile"/>.</summary>
    /// <exception cref="ArgumentException">No AVX-512 hardware, m not a multiple of 8 or n of 32, sizes differ from B's, or arrays are too short.</exception>
    public static void MultiplyTile(bool transA, int m, int n, int k, float[] a, int aOffset, int lda, TileB b, bool accumulate,
        float[] c, int cOffset, int ldc)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (b.K != k || b.N != n)
        {
            throw new ArgumentException($"Sgemm: packed B is {b.K}×{b.N}, the product needs {k}×{n}.");
        }

        CheckTile(transA, m, n, k, a, aOffset, lda, c, cOffset, ldc);
        Observe(SgemmEntry.MultiplyTilePacked, transA, false, m, n, k);
        TilePacked(transA, m, n, k, a, aOffset, lda, b, accumulate, c, cOffset, ldc);
    }

    // The packed MultiplyTile's product (checked by the callers; the packed MultiplySerial's tile rows come here unobserved).
    private static unsafe void TilePacked(bool transA, int m, int n, int k, float[] a, int aOffset, int lda, TileB b, bool accumulate,
        float[] c, int cOffset, int ldc)
    {
        fixed (float* pa = a, pb = b.Data, pc = c)
        {
            if (MixedPrecision.Bf16)
            {
                Bf16Native.Multiply(transA, false, m, n, k, 1f, pa + aOffset, lda, pb + b.Offset, TileCols, k * TileCols, null, accumulate ? 1f : 0f, pc + cOffset, ldc);
                return;
            }

            Tiles(transA, m, n, k, pa + aOffset, lda, pb + b.Offset, k * TileCols, TileCols, accumulate, pc + cOffset, ldc);
        }
    }

    /// <summary>C = op(A)·B, or C + op(A)·B when <paramref name="accumulate"/>, with B (k × n, rows ldb apart) read in place.</summary>
    /// <exception cref="ArgumentException">No AVX-512 hardware, m not a multiple of 8 or n of 32, or arrays are too short.</exception>
    public static unsafe void MultiplyTile(bool transA, int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
        bool accumulate, float[] c, int cOffset, int ldc)
    {
        ArgumentNullException.ThrowIfNull(b);
        CheckTile(transA, m, n, k, a, aOffset, lda, c, cOffset, ldc);
        Need("B", b, bOffset, k, n, ldb);
        Observe(SgemmEntry.MultiplyTile, transA, false, m, n, k);
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (MixedPrecision.Bf16)
            {
                Bf16Native.Multiply(transA, false, m, n, k, 1f, pa + aOffset, lda, pb + bOffset, ldb, 0, null, accumulate ? 1f : 0f, pc + cOffset, ldc);
                return;
            }

            Tiles(transA, m, n, k, pa + aOffset, lda, pb + bOffset, TileCols, ldb, accumulate, pc + cOffset, ldc);
        }
    }

    private static void CheckTile(bool transA, int m, int n, int k, float[] a, int aOff, int lda, float[] c, int cOff, int ldc)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(c);
        if (!TileHardware || m < 1 || n < 1 || k < 1 || m % TileRows != 0 || n % TileCols != 0)
        {
            throw new ArgumentException($"Sgemm.MultiplyTile: {m}×{n}×{k} does not fit the tile path (AVX-512: {TileHardware}; m a positive multiple of {TileRows}, n of {TileCols}, k > 0).");
        }

        Need("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        Need("C", c, cOff, m, n, ldc);
    }

    // Row strips of 8 outer (A's strip stays in L1 across the column panels), 32-column panels inner, while op(B)'s k × n
    // block fits half of L1 (16 KB); a larger block (the GLU's 64 × 128, its backward's 128 × 64) would be evicted from L1
    // by every strip, so there the panels go outer (one 8 KB panel stays in L1 over all strips, A's strips come from L2).
    // k in blocks of Kc so the FMA chains match the general path's (a later block is added to C with one fused
    // multiply-add). With a bias row the first block is added to it the same way (the general path's bias-filled C with
    // beta = 1). The order of the tiles never changes any element's arithmetic.
    private static unsafe void Tiles(bool transA, int m, int n, int k, float* a, int lda, float* b, int panelStride, int bStride,
        bool accumulate, float* c, int ldc, float* bias = null)
    {
        for (var p0 = 0; p0 < k; p0 += Kc)
        {
            var kc = Math.Min(Kc, k - p0);
            var acc = accumulate || p0 > 0;
            var bk = b + ((long)p0 * bStride);
            if ((long)kc * n * sizeof(float) > PanelOuterBytes)
            {
                for (var j = 0; j < n; j += TileCols)
                {
                    var bp = bk + ((long)(j / TileCols) * panelStride);
                    for (var i = 0; i < m; i += TileRows)
                    {
                        Tile(transA, kc, a, lda, p0, i, j, bp, bStride, c + ((long)i * ldc), ldc, acc, bias);
                    }
                }

                continue;
            }

            for (var i = 0; i < m; i += TileRows)
            {
                var cRow = c + ((long)i * ldc);
                for (var j = 0; j < n; j += TileCols)
                {
                    Tile(transA, kc, a, lda, p0, i, j, bk + ((long)(j / TileCols) * panelStride), bStride, cRow, ldc, acc, bias);
                }
            }
        }
    }

    // Bytes of op(B)'s k-block above which Tiles runs the column panels outer.
    private const int PanelOuterBytes = 16 * 1024;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile(bool transA, int kc, float* a, int lda, int p0, int i, int j, float* bp, int bStride, float* cRow, int ldc,
        bool acc, float* bias)
    {
        float* add = acc ? cRow + j : bias is null ? null : bias + j;
        var addStride = acc ? ldc : 0;
        if (transA)
        {
            TileKernelT(kc, a + ((long)p0 * lda) + i, lda, bp, bStride, cRow + j, ldc, add, addStride);
        }
        else
        {
            TileKernelRows(kc, a + ((long)i * lda) + p0, lda, bp, bStride, cRow + j, ldc, add, addStride);
        }
    }
}
