using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Kosmo.Tensors.Kernels;

/// <summary>
/// The bf16 GEMM kernels of native/kosmo_bf16.c (<c>libkosmo_bf16.so</c>, built from source by the project's build with
/// gcc where gcc exists and copied next to the assemblies): C = alpha·op(A)·op(B) [+ bias] [+ beta·C] with A and B
/// rounded to bfloat16 (round to nearest even) and multiplied with <c>VDPBF16PS</c> (pairs of products accumulated in
/// fp32). .NET has no AVX512_BF16 intrinsics, hence the C library. Usable only where <see cref="IsAvailable"/>: the CPU
/// has AVX-512F, AVX-512BW and AVX512_BF16 (CPUID leaf 7 subleaf 1, EAX bit 5) and the library loaded;
/// <see cref="Status"/> says why not otherwise. <c>KOSMO_BF16_NATIVE=off</c> in the environment disables it (the fp32
/// path then serves every product). Compare with <see cref="Bf16Reference"/>, which it matches bit for bit.
/// </summary>
public static unsafe class Bf16Native
{
    private const string LibraryFile = "libkosmo_bf16.so";

    private static readonly delegate* unmanaged<int, int, int, int, int, float, float*, nint, float*, nint, nint, float*, float, float*, nint, int> Gemm;
    private static readonly delegate* unmanaged<int, int, int, int, int, float, float*, nint, float*, nint, float*, float, float*, nint, void> GemmRef;
    private static bool _simulatedOff;

    static Bf16Native()
    {
        if (Environment.GetEnvironmentVariable("KOSMO_BF16_NATIVE") is "off" or "0")
        {
            Status = "disabled by KOSMO_BF16_NATIVE=off";
            return;
        }

        if (!CpuHasBf16(out var cpuReason))
        {
            Status = cpuReason;
            return;
        }

        var dir = Path.GetDirectoryName(typeof(Bf16Native).Assembly.Location);
        string[] candidates = [Path.Combine(AppContext.BaseDirectory, LibraryFile), Path.Combine(dir ?? AppContext.BaseDirectory, LibraryFile)];
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null || !NativeLibrary.TryLoad(path, out var handle))
        {
            Status = path is null
                ? $"{LibraryFile} is not next to the assemblies ({AppContext.BaseDirectory}): the build compiles it only where gcc (12 or later, with -mavx512bf16) exists"
                : $"{path} did not load";
            return;
        }

        if (!NativeLibrary.TryGetExport(handle, "kosmo_bf16_gemm", out var g) || !NativeLibrary.TryGetExport(handle, "kosmo_bf16_gemm_ref", out var r)
            || !NativeLibrary.TryGetExport(handle, "kosmo_bf16_cpu_ok", out var ok))
        {
            Status = $"{path} lacks the kosmo_bf16_gemm exports (stale build?)";
            return;
        }

        if (((delegate* unmanaged<int>)ok)() != 1)
        {
            Status = $"{path} reports that this CPU lacks AVX512_BF16";
            return;
        }

        Gemm = (delegate* unmanaged<int, int, int, int, int, float, float*, nint, float*, nint, nint, float*, float, float*, nint, int>)g;
        GemmRef = (delegate* unmanaged<int, int, int, int, int, float, float*, nint, float*, nint, float*, float, float*, nint, void>)r;
        LibraryPath = path;
        Status = $"available ({path})";
    }

    /// <summary>Whether the bf16 kernels can run here (CPU support and the native library loaded).</summary>
    public static bool IsAvailable => Gemm != null && !_simulatedOff;

    /// <summary>"available (path)" or why the kernels cannot run here.</summary>
    public static string Status { get; } = "not initialised";

    /// <summary>Where the native library was loaded from, or null.</summary>
    public static string? LibraryPath { get; }

    /// <summary>
    /// Makes <see cref="IsAvailable"/> read false until the returned scope is disposed, as on a machine without the
    /// library or the CPU feature (for tests of the fallback and of the configuration error).
    /// </summary>
    public static IDisposable SimulateUnavailable()
    {
        _simulatedOff = true;
        return new Restore();
    }

    /// <summary>Whether the CPU reports AVX-512F, AVX-512BW and AVX512_BF16 (CPUID.(EAX=7, ECX=1):EAX[5]).</summary>
    public static bool CpuHasBf16(out string reason)
    {
        if (!Avx512F.IsSupported || !Avx512BW.IsSupported)
        {
            reason = "this CPU (or runtime) lacks AVX-512F/AVX-512BW";
            return false;
        }

        var (eax, _, _, _) = X86Base.CpuId(7, 1);
        if (((eax >> 5) & 1) == 0)
        {
            reason = "this CPU lacks AVX512_BF16 (CPUID leaf 7 subleaf 1, EAX bit 5)";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>
    /// C = alpha·op(A)·op(B) [+ bias row] [+ beta·C] in bf16 (C not read when beta = 0). With <paramref name="bPanel"/>
    /// &gt; 0, op(B) is stored in 32-column panels (k rows of 32 values) that many floats apart (the tile path's layout).
    /// Callers check the operands' bounds; throws when the library is unavailable.
    /// </summary>
    /// <exception cref="InvalidOperationException">The kernels are unavailable, or the native side could not allocate scratch.</exception>
    internal static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, int bPanel,
        float* bias, float beta, float* c, int ldc)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"bf16 GEMM requested but the bf16 kernels are unavailable: {Status}.");
        }

        if (Gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, bPanel, bias, beta, c, ldc) != 0)
        {
            throw new InvalidOperationException($"bf16 GEMM {m}×{n}×{k}: the native kernel could not allocate its scratch memory.");
        }
    }

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C on arrays with offsets and leading dimensions, in bf16 (same contract as
    /// <see cref="Sgemm.Multiply"/>, on the calling thread).
    /// </summary>
    /// <exception cref="ArgumentException">Negative sizes or arrays too short.</exception>
    /// <exception cref="InvalidOperationException">The kernels are unavailable.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        Sgemm.Check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        fixed (float* pa = a, pb = b, pc = c)
        {
            Multiply(transA, transB, m, n, k, alpha, pa + aOffset, lda, pb + bOffset, ldb, 0, null, beta, pc + cOffset, ldc);
        }
    }

    /// <summary>The C library's scalar twin of the kernel (same contract as <see cref="Multiply(bool, bool, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)"/>).</summary>
    /// <exception cref="ArgumentException">Negative sizes or arrays too short.</exception>
    /// <exception cref="InvalidOperationException">The kernels are unavailable.</exception>
    public static void MultiplyScalarTwin(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        Sgemm.Check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"The bf16 kernels are unavailable: {Status}.");
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            GemmRef(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, pa + aOffset, lda, pb + bOffset, ldb, null, beta, pc + cOffset, ldc);
        }
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose() => _simulatedOff = false;
    }
}
