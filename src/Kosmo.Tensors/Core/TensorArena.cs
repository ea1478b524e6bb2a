namespace Kosmo.Tensors;

/// <summary>
/// Buffer reuse for training loops. Inside <c>using (TensorArena.Scope()) { forward; backward; step; }</c> op outputs
/// and intermediate gradients are rented from a per-thread pool and all handed back when the scope closes, so a
/// steady-state training step allocates (almost) nothing. Tensors made by ops inside the scope must not be used after
/// it closes (copy what you need, e.g. <c>loss.Item()</c>, first). Parameters are never pooled. Outside a scope
/// buffers are ordinary garbage-collected arrays.
/// </summary>
public static class TensorArena
{
    [ThreadStatic]
    private static Pool? _pool;

    /// <summary>True while a scope is open on this thread.</summary>
    public static bool IsActive => _pool is { Depth: > 0 };

    /// <summary>Buffers currently cached for reuse on this thread, in bytes.</summary>
    public static long CachedBytes => _pool?.CachedBytes ?? 0;

    /// <summary>Opens an arena scope (nesting allowed; buffers return when the outermost closes).</summary>
    public static IDisposable Scope()
    {
        var p = _pool ??= new Pool();
        p.Depth++;
        return new Closer(p);
    }

    /// <summary>Drops all cached buffers of this thread (memory back to the GC).</summary>
    public static void Trim() => _pool?.Trim();

    /// <summary>
    /// <see cref="Trim"/> on this thread and on every tensor worker thread (data-parallel replicas fill the workers'
    /// pools too). Call it between models, outside any scope; when the workers are busy only this thread is trimmed.
    /// </summary>
    public static void TrimAllThreads() => TensorThreads.Run(Math.Max(1, TensorThreads.Count), _ => Trim());

    /// <summary>
    /// A buffer of exactly <paramref name="size"/> floats: from this thread's pool inside a scope (returned when the
    /// outermost scope closes), a new array outside one. Contents are undefined unless <paramref name="zeroed"/>.
    /// </summary>
    public static float[] Rent(int size, bool zeroed = false)
    {
        var p = _pool;
        if (p is null || p.Depth == 0)
        {
            return new float[size];
        }

        var a = p.Take(size);
        if (zeroed)
        {
            // Gradient buffers of (B, L, D) activations are megabytes: clear them on the tensor threads.
            if (size >= 1 << 18)
            {
                TensorThreads.ForBalanced(size, 1 << 16, (s, e) => Array.Clear(a, s, e - s));
            }
            else
            {
                Array.Clear(a, 0, size);
            }
        }

        return a;
    }

    /// <summary>Early return of a buffer rented in the current scope (it is then reused within the scope).</summary>
    internal static void Return(float[]? buffer)
    {
        var p = _pool;
        if (buffer is not null && p is { Depth: > 0 })
        {
            p.GiveBack(buffer);
        }
    }

    private sealed class Pool
    {
        private readonly Dictionary<int, Stack<float[]>> _free = [];
        private readonly HashSet<float[]> _lent = new(ReferenceEqualityComparer.Instance);

        public int Depth { get; set; }

        public long CachedBytes { get; private set; }

        public float[] Take(int size)
        {
            float[] a;
            if (_free.TryGetValue(size, out var s) && s.Count > 0)
            {
                a = s.Pop();
                CachedBytes -= 4L * size;
            }
            else
            {
                a = new float[size];
            }

            _lent.Add(a);
            return a;
        }

        public void GiveBack(float[] a)
        {
            if (_lent.Remove(a))
            {
                Push(a);
            }
        }

        public void ReleaseAll()
        {
            foreach (var a in _lent)
            {
                Push(a);
            }

            _lent.Clear();
        }

        public void Trim()
        {
            _free.Clear();
            CachedBytes = 0;
        }

        private void Push(float[] a)
        {
            if (!_free.TryGetValue(a.Length, out var s))
            {
                _free[a.Length] = s = new Stack<float[]>();
            }

            s.Push(a);
            CachedBytes += 4L * a.Length;
        }
    }

    private sealed class Closer(Pool pool) : IDisposable
    {
        private bool _closed;

        public void Dispose()
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            if (--pool.Depth == 0)
            {
                pool.ReleaseAll();
            }
        }
    }
}
