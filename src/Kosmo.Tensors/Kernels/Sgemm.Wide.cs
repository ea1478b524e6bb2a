using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kosmo.Tensors.Kernels;

/// <summary>The opt-in 6×32 AVX-512 micro-kernel (same per-element FMA chain as the 6×16 AVX2 one, so identical bits).</summary>
public static partial class Sgemm
{
    private static bool _wide;

    /// <summary>
    /// Whether the 6×32 AVX-512 micro-kernel is used instead of the 6×16 AVX2 one. Off by default: on the Zen 4 it was
    /// measured on (512-bit FMAs double-pumped) it is no faster at TFT-Lite's shapes (figure tft-gemm prints both).
    /// Both give bit-identical results (each element of C is the same FMA chain over k).
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Set true on hardware without AVX-512F.</exception>
    public static bool UseAvx512
    {
        get => _wide;
        set => _wide = !value || Avx512F.IsSupported ? value : throw new PlatformNotSupportedException("AVX-512F is not supported on this CPU.");
    }

    /// <summary>C[6×32] += alpha · Apanel(6×kc) · Bpanel(kc×32), AVX-512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void KernelWide(int kc, float* a, float* b, float* c, int ldc, float alpha, bool overwrite)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            a += Mr;
            b += NrWide;
        }

        var al = Vector512.Create(alpha);
        StoreWide(c, c00, c01, al, overwrite);
        StoreWide(c + ldc, c10, c11, al, overwrite);
        StoreWide(c + (2 * ldc), c20, c21, al, overwrite);
        StoreWide(c + (3 * ldc), c30, c31, al, overwrite);
        StoreWide(c + (4 * ldc), c40, c41, al, overwrite);
        StoreWide(c + (5 * ldc), c50, c51, al, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreWide(float* c, Vector512<float> x0, Vector512<float> x1, Vector512<float> alpha, bool overwrite)
    {
        if (overwrite)
        {
            (x0 * alpha).Store(c);
            (x1 * alpha).Store(c + 16);
        }
        else
        {
            Avx512F.FusedMultiplyAdd(x0, alpha, Vector512.Load(c)).Store(c);
            Avx512F.FusedMultiplyAdd(x1, alpha, Vector512.Load(c + 16)).Store(c + 16);
        }
    }
}
