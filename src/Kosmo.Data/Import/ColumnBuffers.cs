using System.Buffers;

namespace Kosmo.Data.Import;

/// <summary>
/// Reusable column arrays for parquet row groups (values, dates, texts and Parquet.Net's nullable read buffers). A marcap year
/// decodes a dozen 100,000-row columns per row group, several groups at once; fresh arrays of that size are large-object-heap
/// allocations (page faults, zeroing, and a full collection whenever the large-object budget runs out) that cost more CPU than
/// the decoding itself on a busy machine. Arrays come back here once the row loop has read the group
/// (<see cref="ParquetGroup.Release"/>). Thread-safe; holds at most <see cref="ArraysPerSize"/> arrays of each type and size class.
/// </summary>
internal static class ColumnBuffers
{
    /// <summary>Arrays kept per element type and power-of-two size class: enough for every column of the row groups decoded at once.</summary>
    internal const int ArraysPerSize = 48;

    /// <summary>An array of at least <paramref name="n"/> elements; its content is undefined unless <paramref name="clear"/> (then the first n are default).</summary>
    public static T[] Rent<T>(int n, bool clear = false)
    {
        var a = Pool<T>.Instance.Rent(n);
        if (clear)
        {
            Array.Clear(a, 0, n);
        }

        return a;
    }

    /// <summary>Gives an array back (null: nothing). The first <paramref name="used"/> elements of an array holding references are
    /// cleared, so the pool keeps nothing alive.</summary>
    public static void Return<T>(T[]? a, int used)
    {
        if (a is null)
        {
            return;
        }

        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(a, 0, Math.Min(used, a.Length));
        }

        Pool<T>.Instance.Return(a);
    }

    private static class Pool<T>
    {
        public static readonly ArrayPool<T> Instance = ArrayPool<T>.Create(1 << 24, ArraysPerSize);
    }
}
