using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kosmo.Tensors.Kernels;

/// <summary>The tile path's 8×32 AVX-512 micro-kernels and their stores (the loops around them are in Sgemm.Tile.cs).</summary>
public static partial class Sgemm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fmadd(Vector512<float> x, Vector512<float> y, Vector512<float> acc) => Avx512F.FusedMultiplyAdd(x, y, acc);

    // C[0..32) = x, or fma(x, 1, addend) with addend = C (accumulate) or a bias row: the general path's store, alpha = 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreTile(float* c, Vector512<float> x0, Vector512<float> x1, float* addend)
    {
        if (addend is not null)
        {
            Fmadd(x0, Vector512<float>.One, Vector512.Load(addend)).Store(c);
            Fmadd(x1, Vector512<float>.One, Vector512.Load(addend + 16)).Store(c + 16);
        }
        else
        {
            x0.Store(c);
            x1.Store(c + 16);
        }
    }

    /// <summary>C[8×32] (+)= A(8 rows lda apart, read in place)·B(kc rows bStride apart, 32 wide).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TileKernelRows(int kc, float* a, int lda, float* b, int bStride, float* c, int ldc, float* addend, int addStride)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        float* r0 = a, r1 = a + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda, r6 = r5 + lda, r7 = r6 + lda;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(r0[p]);
            c00 = Fmadd(x, b0, c00);
            c01 = Fmadd(x, b1, c01);
            x = Vector512.Create(r1[p]);
            c10 = Fmadd(x, b0, c10);
            c11 = Fmadd(x, b1, c11);
            x = Vector512.Create(r2[p]);
            c20 = Fmadd(x, b0, c20);
            c21 = Fmadd(x, b1, c21);
            x = Vector512.Create(r3[p]);
            c30 = Fmadd(x, b0, c30);
            c31 = Fmadd(x, b1, c31);
            x = Vector512.Create(r4[p]);
            c40 = Fmadd(x, b0, c40);
            c41 = Fmadd(x, b1, c41);
            x = Vector512.Create(r5[p]);
            c50 = Fmadd(x, b0, c50);
            c51 = Fmadd(x, b1, c51);
            x = Vector512.Create(r6[p]);
            c60 = Fmadd(x, b0, c60);
            c61 = Fmadd(x, b1, c61);
            x = Vector512.Create(r7[p]);
            c70 = Fmadd(x, b0, c70);
            c71 = Fmadd(x, b1, c71);
            b += bStride;
        }

        StoreTile8(c, ldc, addend, addStride, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    /// <summary>C[8×32] (+)= op(A)(8×kc; step p's eight values contiguous at a + p·lda)·B(kc rows bStride apart, 32 wide).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TileKernelT(int kc, float* a, int lda, float* b, int bStride, float* c, int ldc, float* addend, int addStride)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(a[0]);
            c00 = Fmadd(x, b0, c00);
            c01 = Fmadd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Fmadd(x, b0, c10);
            c11 = Fmadd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Fmadd(x, b0, c20);
            c21 = Fmadd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Fmadd(x, b0, c30);
            c31 = Fmadd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Fmadd(x, b0, c40);
            c41 = Fmadd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Fmadd(x, b0, c50);
            c51 = Fmadd(x, b1, c51);
            x = Vector512.Create(a[6]);
            c60 = Fmadd(x, b0, c60);
            c61 = Fmadd(x, b1, c61);
            x = Vector512.Create(a[7]);
            c70 = Fmadd(x, b0, c70);
            c71 = Fmadd(x, b1, c71);
            a += lda;
            b += bStride;
        }

        StoreTile8(c, ldc, addend, addStride, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreTile8(float* c, int ldc, float* addend, int addStride,
        Vector512<float> c00, Vector512<float> c01, Vector512<float> c10, Vector512<float> c11, Vector512<float> c20, Vector512<float> c21,
        Vector512<float> c30, Vector512<float> c31, Vector512<float> c40, Vector512<float> c41, Vector512<float> c50, Vector512<float> c51,
        Vector512<float> c60, Vector512<float> c61, Vector512<float> c70, Vector512<float> c71)
    {
        StoreTile(c, c00, c01, addend);
        StoreTile(c + ldc, c10, c11, Row(addend, addStride, 1));
        StoreTile(c + (2 * ldc), c20, c21, Row(addend, addStride, 2));
        StoreTile(c + (3 * ldc), c30, c31, Row(addend, addStride, 3));
        StoreTile(c + (4 * ldc), c40, c41, Row(addend, addStride, 4));
        StoreTile(c + (5 * ldc), c50, c51, Row(addend, addStride, 5));
        StoreTile(c + (6 * ldc), c60, c61, Row(addend, addStride, 6));
        StoreTile(c + (7 * ldc), c70, c71, Row(addend, addStride, 7));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float* Row(float* addend, int stride, int r) => addend is null ? null : addend + ((long)r * stride);
}
