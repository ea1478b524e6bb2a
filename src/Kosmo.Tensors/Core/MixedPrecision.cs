using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors;

/// <summary>Arithmetic of the matrix products.</summary>
public enum Precision
{
    /// <summary>fp32 inputs and accumulation (the default).</summary>
    Fp32,

    /// <summary>bfloat16 inputs (round to nearest even), fp32 accumulation (<see cref="Bf16Native"/>).</summary>
    Bf16,
}

/// <summary>
/// Mixed precision: inside <c>using (MixedPrecision.Scope(Precision.Bf16)) { ... }</c> every product that goes through
/// <see cref="Sgemm"/> (Linear, MatMul, BatchMatMul, the tile path of the fused VSN/GRN kernels, convolutions, the LSTM's
/// input and weight-gradient products) runs on the bf16 kernels, forward and backward; everything else — weights
/// (fp32 masters), optimizer state, element-wise ops, LayerNorm, softmax, losses, gradient accumulation — stays fp32.
/// Products given an fp32-prepacked B (<see cref="Sgemm.PackedB"/>: the LSTM's recurrent step) stay fp32. The setting
/// is per thread and travels with <see cref="TensorThreads"/>' parallel regions (and so into data-parallel replicas).
/// </summary>
public static class MixedPrecision
{
    [ThreadStatic]
    private static bool _bf16;

    /// <summary>The precision of products on this thread.</summary>
    public static Precision Current => _bf16 ? Precision.Bf16 : Precision.Fp32;

    /// <summary>Whether products on this thread run in bf16.</summary>
    internal static bool Bf16 => _bf16;

    /// <summary>Sets this thread's precision until the returned scope is disposed (then the previous one).</summary>
    /// <exception cref="InvalidOperationException">bf16 asked for where <see cref="Bf16Native.IsAvailable"/> is false.</exception>
    public static IDisposable Scope(Precision precision)
    {
        if (precision == Precision.Bf16 && !Bf16Native.IsAvailable)
        {
            throw new InvalidOperationException($"bf16 precision is unavailable here: {Bf16Native.Status}.");
        }

        var previous = _bf16;
        _bf16 = precision == Precision.Bf16;
        return new Restore(previous);
    }

    /// <summary>Runs <paramref name="body"/> with this thread's precision set to <paramref name="bf16"/> (worker threads of a region).</summary>
    internal static void With(bool bf16, Action<int> body, int arg)
    {
        var previous = _bf16;
        _bf16 = bf16;
        try
        {
            body(arg);
        }
        finally
        {
            _bf16 = previous;
        }
    }

    private sealed class Restore(bool previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                _bf16 = previous;
            }
        }
    }
}
