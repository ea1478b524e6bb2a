using System.Runtime.CompilerServices;

namespace Kosmo.Tensors.Kernels;

/// <summary>The opt-in shape observer (diagnostics: the GEMM shape census, figure gemm-census).</summary>
public static partial class Sgemm
{
    private static Action<SgemmCall>? _observer;

    /// <summary>
    /// Diagnostics only: when set, called once per product at every public entry point (<see cref="Multiply"/>,
    /// <see cref="MultiplyBias"/>, both MultiplySerial and both MultiplyTile overloads, fp32 and bf16 alike), after the
    /// arguments are checked and before the product runs, on the calling thread: data-parallel replicas and parallel
    /// regions call it concurrently, so it must be thread-safe. An entry point that hands part of its product to another
    /// (the packed MultiplySerial's tile rows) reports once. Null by default and in every run: the cost then is one
    /// static load and branch per call, never per tile. It sees shapes only; results are the same bits with it set.
    /// </summary>
    public static Action<SgemmCall>? Observer
    {
        get => Volatile.Read(ref _observer);
        set => Volatile.Write(ref _observer, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Observe(SgemmEntry entry, bool transA, bool transB, int m, int n, int k)
    {
        if (_observer is { } observer)
        {
            Report(observer, entry, transA, transB, m, n, k);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Report(Action<SgemmCall> observer, SgemmEntry entry, bool transA, bool transB, int m, int n, int k) =>
        observer(new SgemmCall(entry, transA, transB, m, n, k, MixedPrecision.Bf16));
}
