namespace Kosmo.Tensors.Kernels;

/// <summary>
/// Float buffers whose working range starts on a 64-byte boundary (one cache line, one AVX-512 vector): a pinned array
/// (it never moves, so the offset stays valid) and the index of its first aligned element. A 16-byte-misaligned
/// operand costs the bank's tile products 15–40 % (every 512-bit load and store splits across two cache lines).
/// </summary>
public static class AlignedBuffer
{
    /// <summary>The alignment in bytes.</summary>
    public const int Alignment = 64;

    /// <summary>A pinned, uninitialised array with at least <paramref name="size"/> floats from <paramref name="offset"/>, which is 64-byte aligned.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative size.</exception>
    public static float[] Allocate(int size, out int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var array = GC.AllocateUninitializedArray<float>(size + (Alignment / sizeof(float)) - 1, pinned: true);
        offset = OffsetOf(array);
        return array;
    }

    /// <summary>The index of the first 64-byte-aligned element of <paramref name="array"/> (0 to 15).</summary>
    public static unsafe int OffsetOf(float[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        fixed (float* p = array)
        {
            var misalign = (int)((nint)p & (Alignment - 1));
            return misalign == 0 ? 0 : (Alignment - misalign) / sizeof(float);
        }
    }
}
