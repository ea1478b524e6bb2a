using Kosmo.Tensors.Kernels;

namespace Kosmo.Bench.Gemm;

/// <summary>
/// Collects the <see cref="SgemmCall"/>s that <see cref="Sgemm.Observer"/> reports (thread-safe: replicas and
/// parallel regions report concurrently), keyed by shape (transA, transB, m, n, k) with the entry points seen.
/// <see cref="Attach"/> installs it until the returned scope is disposed.
/// </summary>
internal sealed class GemmCensus
{
    private readonly Dictionary<GemmShape, (long Calls, SgemmEntry[] Entries)> _shapes = [];
    private readonly Lock _lock = new();

    /// <summary>Products seen per shape (a snapshot), with the entry points each came through.</summary>
    public IReadOnlyDictionary<GemmShape, (long Calls, SgemmEntry[] Entries)> Shapes
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<GemmShape, (long, SgemmEntry[])>(_shapes);
            }
        }
    }

    /// <summary>Starts observing every SGEMM call; disposing the scope puts the previous observer (null) back.</summary>
    /// <exception cref="InvalidOperationException">Another observer is installed.</exception>
    public IDisposable Attach()
    {
        if (Sgemm.Observer is not null)
        {
            throw new InvalidOperationException("An SGEMM observer is already installed.");
        }

        Sgemm.Observer = Record;
        return new Detach();
    }

    private void Record(SgemmCall call)
    {
        var shape = new GemmShape(call.TransA, call.TransB, call.M, call.N, call.K);
        lock (_lock)
        {
            var (calls, entries) = _shapes.GetValueOrDefault(shape, (0, []));
            if (!entries.Contains(call.Entry))
            {
                entries = [.. entries, call.Entry];
            }

            _shapes[shape] = (calls + 1, entries);
        }
    }

    private sealed class Detach : IDisposable
    {
        public void Dispose() => Sgemm.Observer = null;
    }
}
