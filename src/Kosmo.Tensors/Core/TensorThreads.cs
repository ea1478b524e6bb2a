using System.Diagnostics;

namespace Kosmo.Tensors;

/// <summary>
/// The engine's thread count and its parallel regions. <see cref="For"/> splits work into <see cref="Count"/> fixed,
/// contiguous chunks; <see cref="ForBalanced"/> and <see cref="ForDynamic"/> hand fixed pieces to whichever thread is
/// free. No reduction crosses chunks in a racy way, so results at a fixed count are bit-for-bit reproducible.
/// </summary>
/// <remarks>
/// Chunks run on the calling thread (chunk 0) and on <see cref="Count"/> − 1 dedicated worker threads that spin
/// for <see cref="SpinMicroseconds"/> after each region before they block, as OpenMP runtimes do: a training step
/// opens hundreds of short regions (the LSTM alone two per time step), and waking a sleeping thread-pool thread for
/// each cost more than the region saved (the LSTM did not scale at all on <c>Parallel.For</c>). When the workers are
/// already busy (another thread's region, or a region opened inside a region) the chunks run one after another on
/// the caller with the same boundaries, so the result is the same either way.
/// </remarks>
public static class TensorThreads
{
    private static int _count = Math.Max(1, Math.Min(Environment.ProcessorCount, 2));

    /// <summary>
    /// Worker count used by kernels (default: min(2, processor count)); at least 1. Reads 1 on a thread running a
    /// <see cref="Replicas"/> body (its kernels run serially; the replicas are the parallelism).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public static int Count
    {
        get => Replicas.IsActive ? 1 : _count;
        set => _count = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Thread count must be at least 1.");
    }

    /// <summary>Sets <see cref="Count"/> to <paramref name="count"/> until the returned scope is disposed (then the previous value).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Count below 1.</exception>
    public static IDisposable Use(int count)
    {
        var previous = _count;
        Count = count;
        return new Restore(previous);
    }

    /// <summary>How long an idle worker spins for the next region before it blocks (default 200 µs, or KOSMO_SPIN_US).</summary>
    public static int SpinMicroseconds { get; set; } = int.TryParse(Environment.GetEnvironmentVariable("KOSMO_SPIN_US"), out var us) && us >= 0 ? us : 200;

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, n) split into at most <see cref="Count"/> equal chunks;
    /// runs inline when one chunk suffices or <paramref name="n"/> &lt; <paramref name="minPerChunk"/> * 2.
    /// </summary>
    public static void For(int n, int minPerChunk, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var chunks = Math.Min(Count, Math.Max(1, n / Math.Max(1, minPerChunk)));
        if (chunks <= 1)
        {
            if (n > 0)
            {
                body(0, n);
            }

            return;
        }

        Run(chunks, c =>
        {
            var s = (int)((long)n * c / chunks);
            var e = (int)((long)n * (c + 1) / chunks);
            if (e > s)
            {
                body(s, e);
            }
        });
    }

    /// <summary>
    /// Like <see cref="For"/> but [0, <paramref name="n"/>) is cut into up to four fixed pieces per thread (each at least
    /// <paramref name="minPerChunk"/>) that the threads claim as they go, so a slower core takes fewer. The pieces
    /// depend only on n and <see cref="Count"/>, so results are as reproducible as with <see cref="For"/>; for bodies
    /// whose elements do not depend on which thread runs which piece (row-wise and element-wise kernels).
    /// </summary>
    public static void ForBalanced(int n, int minPerChunk, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var count = Count;
        var pieces = Math.Min(4 * count, Math.Max(1, n / Math.Max(1, minPerChunk)));
        if (pieces <= 1 || count <= 1)
        {
            For(n, minPerChunk, body);
            return;
        }

        ForDynamic(pieces, q =>
        {
            var s = (int)((long)n * q / pieces);
            var e = (int)((long)n * (q + 1) / pieces);
            if (e > s)
            {
                body(s, e);
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(i) for every i in [0, <paramref name="n"/>), the threads claiming items one at a
    /// time (a dynamic schedule: no thread idles while another still has a backlog, whatever the cores' speed). Only for
    /// items whose results do not depend on which thread runs them or in what order.
    /// </summary>
    public static void ForDynamic(int n, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var count = Count;
        if (n <= 1 || count <= 1)
        {
            for (var i = 0; i < n; i++)
            {
                body(i);
            }

            return;
        }

        var next = -1;
        Run(Math.Min(count, n), _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                body(i);
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="chunk"/>(c) for c in [0, <paramref name="chunks"/>): chunk 0 on the caller, the others on
    /// the spinning workers (or all on the caller when they are busy). Rethrows the first chunk's exception.
    /// </summary>
    public static void Run(int chunks, Action<int> chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunks <= 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (var c = 0; c < chunks; c++)
            {
                chunk(c);
            }

            return;
        }

        try
        {
            var workers = EnsureWorkers(chunks - 1);
            // The caller's product precision travels with its chunks (the workers' own setting is restored after).
            var posted = MixedPrecision.Bf16 ? (c => MixedPrecision.With(true, chunk, c)) : chunk;
            for (var c = 1; c < chunks; c++)
            {
                workers[c - 1].Post(posted, c);
            }

            Exception? first = null;
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                chunk(0);
            }
            catch (Exception ex)
            {
                first = ex;
            }

            var t1 = Stopwatch.GetTimestamp();
            for (var c = 1; c < chunks; c++)
            {
                var error = workers[c - 1].Join();
                first ??= error;
            }

            var t2 = Stopwatch.GetTimestamp();
            if (Diagnostics.OpProfiler.Enabled)
            {
                Diagnostics.OpProfiler.AddParallel((t2 - t0) * 1000.0 / Stopwatch.Frequency);
            }

            Stats.Regions++;
            Stats.CallerTicks += t1 - t0;
            Stats.JoinTicks += t2 - t1;

            if (first is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Diagnostics (`figure tft` with TFT_STEP_LIST=1): regions run on the workers, the callers' time in their own chunk
    /// and their wait for the workers' chunks, in Stopwatch ticks. Updated only by the thread that holds the workers.
    /// </summary>
    public static class Stats
    {
        /// <summary>Regions whose chunks ran on the workers.</summary>
        public static long Regions { get; internal set; }

        /// <summary>Ticks the callers spent in their own chunk 0.</summary>
        public static long CallerTicks { get; internal set; }

        /// <summary>Ticks the callers then waited for the workers' chunks.</summary>
        public static long JoinTicks { get; internal set; }

        /// <summary>Sets every counter to zero.</summary>
        public static void Reset()
        {
            Regions = 0;
            CallerTicks = 0;
            JoinTicks = 0;
        }
    }

        private static int _busy;
    private static Worker[] _workers = [];

    private static Worker[] EnsureWorkers(int needed)
    {
        var have = _workers;
        if (have.Length >= needed)
        {
            return have;
        }

        var grown = new Worker[needed];
        Array.Copy(have, grown, have.Length);
        for (var i = have.Length; i < needed; i++)
        {
            grown[i] = new Worker(i + 1);
        }

        _workers = grown;
        return grown;
    }

    /// <summary>One dedicated background thread: spins on its sequence number, then blocks on an event.</summary>
    private sealed class Worker
    {
        private readonly ManualResetEventSlim _wake = new(false, 0);
        private Action<int>? _chunk;
        private int _index;
        private long _posted;
        private long _done;
        private int _sleeping;
        private Exception? _error;

        public Worker(int id)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"kosmo-tensor-{id}" };
            thread.Start();
        }

        public void Post(Action<int> chunk, int index)
        {
            _chunk = chunk;
            _index = index;
            _error = null;
            // Full fence: the new sequence must be visible before we read _sleeping (store-load order).
            Interlocked.Increment(ref _posted);
            if (Volatile.Read(ref _sleeping) == 1)
            {
                _wake.Set();
            }
        }

        public Exception? Join()
        {
            var target = Volatile.Read(ref _posted);
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) != target)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            return _error;
        }

        private void Loop()
        {
            long seen = 0;
            while (true)
            {
                var posted = WaitForWork(seen);
                seen = posted;
                try
                {
                    _chunk!(_index);
                }
                catch (Exception ex)
                {
                    _error = ex;
                }

                _chunk = null;
                Volatile.Write(ref _done, posted);
            }
        }

        private long WaitForWork(long seen)
        {
            while (true)
            {
                var limit = Stopwatch.GetTimestamp() + (SpinMicroseconds * Stopwatch.Frequency / 1_000_000);
                var checks = 0;
                while (true)
                {
                    var posted = Volatile.Read(ref _posted);
                    if (posted != seen)
                    {
                        return posted;
                    }

                    Thread.SpinWait(8);
                    if ((++checks & 15) == 0 && Stopwatch.GetTimestamp() > limit)
                    {
                        break;
                    }
                }

                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _posted) == seen)
                {
                    _wake.Wait();
                }

                _wake.Reset();
                Interlocked.Exchange(ref _sleeping, 0);
            }
        }
    }

    private sealed class Restore(int previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                _count = previous;
            }
        }
    }
}
