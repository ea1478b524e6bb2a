using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kosmo.Tensors.Kernels;

/// <summary>The 6×16 AVX2 micro-kernels: on a packed A panel (<c>Kernel</c>) and on rows of A read in place (<c>KernelRows</c>).</summary>
public static partial class Sgemm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fmadd(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : (x * y) + acc;

    /// <summary>
    /// C[6×16] += alpha · A(6×kc) · Bpanel(kc×16) where A's six values for step p are contiguous at a + p·aStep: a packed
    /// panel (aStep = 6) or a transposed A read in place (aStep = lda: op(A)[i, p] = A[p, i]).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel(int kc, float* a, int aStep, float* b, float* c, int ldc, float alpha, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fmadd(a0, b0, c00);
            c01 = Fmadd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fmadd(a1, b0, c10);
            c11 = Fmadd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fmadd(a2, b0, c20);
            c21 = Fmadd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fmadd(a3, b0, c30);
            c31 = Fmadd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fmadd(a4, b0, c40);
            c41 = Fmadd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fmadd(a5, b0, c50);
            c51 = Fmadd(a5, b1, c51);
            a += aStep;
            b += Nr;
        }

        var al = Vector256.Create(alpha);
        Store(c, c00, c01, al, overwrite);
        Store(c + ldc, c10, c11, al, overwrite);
        Store(c + (2 * ldc), c20, c21, al, overwrite);
        Store(c + (3 * ldc), c30, c31, al, overwrite);
        Store(c + (4 * ldc), c40, c41, al, overwrite);
        Store(c + (5 * ldc), c50, c51, al, overwrite);
    }

    /// <summary>
    /// C[6×16] += alpha · A(6×kc, rows lda apart, read in place) · Bpanel(kc×16): the same FMA chain per element as
    /// <see cref="Kernel"/> on a packed panel, without packing A.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void KernelRows(int kc, float* a, int lda, float* b, float* c, int ldc, float alpha, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        float* r0 = a, r1 = a + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(r0[p]);
            c00 = Fmadd(a0, b0, c00);
            c01 = Fmadd(a0, b1, c01);
            var a1 = Vector256.Create(r1[p]);
            c10 = Fmadd(a1, b0, c10);
            c11 = Fmadd(a1, b1, c11);
            var a2 = Vector256.Create(r2[p]);
            c20 = Fmadd(a2, b0, c20);
            c21 = Fmadd(a2, b1, c21);
            var a3 = Vector256.Create(r3[p]);
            c30 = Fmadd(a3, b0, c30);
            c31 = Fmadd(a3, b1, c31);
            var a4 = Vector256.Create(r4[p]);
            c40 = Fmadd(a4, b0, c40);
            c41 = Fmadd(a4, b1, c41);
            var a5 = Vector256.Create(r5[p]);
            c50 = Fmadd(a5, b0, c50);
            c51 = Fmadd(a5, b1, c51);
            b += Nr;
        }

        var al = Vector256.Create(alpha);
        Store(c, c00, c01, al, overwrite);
        Store(c + ldc, c10, c11, al, overwrite);
        Store(c + (2 * ldc), c20, c21, al, overwrite);
        Store(c + (3 * ldc), c30, c31, al, overwrite);
        Store(c + (4 * ldc), c40, c41, al, overwrite);
        Store(c + (5 * ldc), c50, c51, al, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* c, Vector256<float> x0, Vector256<float> x1, Vector256<float> alpha, bool overwrite)
    {
        if (overwrite)
        {
            (x0 * alpha).Store(c);
            (x1 * alpha).Store(c + 8);
        }
        else
        {
            Fmadd(x0, alpha, Vector256.Load(c)).Store(c);
            Fmadd(x1, alpha, Vector256.Load(c + 8)).Store(c + 8);
        }
    }
}
