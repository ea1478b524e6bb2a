namespace Kosmo.Tensors;

/// <summary>
/// The engine's thread count. Work is split into <see cref="Count"/> fixed, contiguous chunks (static partitioning)
/// and no reduction crosses chunks in a racy way, so results at a fixed count are bit-for-bit reproducible.
/// </summary>
public static class TensorThreads
{
    private static int _count = Math.Max(1, Math.Min(Environment.ProcessorCount, 2));

    /// <summary>Worker count used by kernels (default: min(2, processor count)); at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public static int Count
    {
        get => _count;
        set => _count = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Thread count must be at least 1.");
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, n) split into at most <see cref="Count"/> equal chunks;
    /// runs inline when one chunk suffices or <paramref name="n"/> &lt; <paramref name="minPerChunk"/> * 2.
    /// </summary>
    public static void For(int n, int minPerChunk, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var chunks = Math.Min(_count, Math.Max(1, n / Math.Max(1, minPerChunk)));
        if (chunks <= 1)
        {
            if (n > 0)
            {
                body(0, n);
            }

            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            var s = (int)((long)n * c / chunks);
            var e = (int)((long)n * (c + 1) / chunks);
            if (e > s)
            {
                body(s, e);
            }
        });
    }
}
