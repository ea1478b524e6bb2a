using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Kosmo.Data.Import;

/// <summary>
/// Runs a <see cref="FileParser"/> (gzip inflate, CSV parse, validation) on a worker thread and hands its rows in
/// chunks to a writer on the calling thread, so parsing and SQLite inserts overlap on two cores. Rows reach the
/// writer in primary-key order (code, date): a file that is already code-major (per-stock concatenations: Yahoo,
/// FDR, pykrx) streams straight through; from the first chunk that breaks the order on (date-major files such as
/// marcap) the rows are held and written, sorted, once the file is parsed, which makes SQLite's B-tree inserts
/// appends instead of random page splits. A parse error, a writer error or cancellation stops both threads; the
/// caller's transaction then rolls everything back.
/// </summary>
internal sealed class ImportPipeline
{
    private const int ChunkRows = 16384;

    /// <summary>Chunks a producer may run ahead of the writer: 8 for a file parsed while it is written, more when a
    /// prefetching driver parses the next file while the writer finishes (post-processing, commit) the previous one.</summary>
    internal const int QueueChunks = 8;

    private readonly BlockingCollection<Chunk> _queue;
    private readonly ConcurrentQueue<ParsedBar[]> _pool;
    private readonly CancellationTokenSource _cancel = new();
    private volatile Exception? _failure;
    private long _written;

    /// <param name="progress">Called on the writer's thread with the rows written so far, every 65,536 rows.</param>
    /// <param name="queueChunks">How many 16,384-row chunks the producer may run ahead of the writer.</param>
    /// <param name="pool">Row arrays to reuse (shared by the pipelines of one multi-file import); null: a private pool.</param>
    public ImportPipeline(Action<long>? progress, int queueChunks = QueueChunks, ConcurrentQueue<ParsedBar[]>? pool = null)
    {
        Progress = progress;
        _queue = new BlockingCollection<Chunk>(queueChunks);
        _pool = pool ?? new ConcurrentQueue<ParsedBar[]>();
    }

    /// <summary>Called on the writer's thread with the rows written so far, every 65,536 rows (set before <see cref="Consume"/>).</summary>
    public Action<long>? Progress { get; set; }

    /// <summary>Parses with <paramref name="parser"/> and writes every row through the sink <paramref name="writer"/> returns (created on first use, after the header was read).</summary>
    /// <exception cref="Kosmo.Core.DataValidationException">The file failed validation, or the writer rejected a row.</exception>
    public void Run(FileParser parser, Func<RowSink> writer)
    {
        var thread = new Thread(() => Produce(parser)) { IsBackground = true, Name = "kosmo-import-parse" };
        thread.Start();
        try
        {
            Consume(writer);
        }
        catch
        {
            Cancel();
            thread.Join();
            throw;
        }

        thread.Join();
        ThrowIfFailed();
    }

    /// <summary>
    /// The producer half, run on a thread of the caller's choosing (its own in <see cref="Run"/>, the prefetching driver of
    /// a multi-file import otherwise): parses the whole file into the queue, records a parse failure for the consumer, and
    /// always completes the queue. Returns early, quietly, once <see cref="Cancel"/> was called.
    /// </summary>
    public void Produce(FileParser parser)
    {
        try
        {
            var sink = new ChunkSink(this);
            parser.Parse(sink);
            sink.Flush();
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // The writer failed or skipped the file and stopped the pipeline; nothing to report.
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _queue.CompleteAdding();
        }
    }

    /// <summary>Stops the producer (it returns at its next chunk) and makes the writer stop taking chunks.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <summary>The consumer half, on the writer's thread: takes the chunks until the producer completes, writing them in key order.</summary>
    /// <exception cref="Kosmo.Core.DataValidationException">The file failed validation, or the writer rejected a row.</exception>
    public void Consume(Func<RowSink> writer)
    {
        try
        {
            ConsumeChunks(writer);
        }
        catch
        {
            Cancel();
            throw;
        }

        ThrowIfFailed();
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } e)
        {
            ExceptionDispatchInfo.Throw(e);
        }
    }

    private void ConsumeChunks(Func<RowSink> writer)
    {
        var held = new List<Chunk>();
        foreach (var chunk in _queue.GetConsumingEnumerable())
        {
            if (_failure is not null)
            {
                break;
            }

            if (chunk.Index is not null)
            {
                var w = writer();
                for (var i = 0; i < chunk.Count; i++)
                {
                    w.Index(chunk.IndexName!, chunk.Index[i]);
                }
            }
            else if (held.Count == 0 && chunk.Sorted)
            {
                Write(writer(), chunk.Bars!, chunk.Count);
                _pool.Enqueue(chunk.Bars!);
            }
            else
            {
                // Held (date-major file): the writer is idle until the file is parsed, so key and sort each chunk now.
                chunk.SortKeys();
                held.Add(chunk);
            }
        }

        var afterParse = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_failure is null && held.Count > 0)
        {
            if (held.TrueForAll(c => c.Keys is not null))
            {
                WriteMerged(writer(), held);
            }
            else
            {
                WriteSorted(writer(), held);
            }

            foreach (var c in held)
            {
                _pool.Enqueue(c.Bars!); // the next file of a multi-file import fills them again
            }

            if (Environment.GetEnvironmentVariable("KOSMO_TRACE") == "1")
            {
                Console.Error.WriteLine($"[import] held rows written in {System.Diagnostics.Stopwatch.GetElapsedTime(afterParse).TotalSeconds:F3} s after the parse");
            }
        }
    }

    /// <summary>Writes held chunks that are each sorted by packed (code, date) keys: a k-way merge of the sorted runs.</summary>
    private void WriteMerged(RowSink w, List<Chunk> held)
    {
        var next = new int[held.Count];
        var heap = new PriorityQueue<int, long>(held.Count);
        for (var c = 0; c < held.Count; c++)
        {
            heap.Enqueue(c, held[c].Keys![0]);
        }

        while (heap.TryDequeue(out var c, out _))
        {
            var chunk = held[c];
            var i = next[c]++;
            w.Bar(chunk.Bars![chunk.Order![i]]);
            Tick();
            if (i + 1 < chunk.Count)
            {
                heap.Enqueue(c, chunk.Keys![i + 1]);
            }
        }
    }

    private void Write(RowSink w, ParsedBar[] rows, int count)
    {
        for (var i = 0; i < count; i++)
        {
            w.Bar(rows[i]);
            Tick();
        }
    }

    /// <summary>Writes the held chunks in (code, date) order: codes ranked ordinally (SQLite's BINARY order for ASCII codes), one sort of 64-bit keys.</summary>
    private void WriteSorted(RowSink w, List<Chunk> held)
    {
        var total = held.Sum(c => c.Count);
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in held)
        {
            for (var i = 0; i < c.Count; i++)
            {
                rank.TryAdd(c.Bars![i].Code, 0);
            }
        }

        var codes = rank.Keys.ToArray();
        Array.Sort(codes, StringComparer.Ordinal);
        for (var r = 0; r < codes.Length; r++)
        {
            rank[codes[r]] = r;
        }

        var keys = new long[total];
        var where = new int[total];
        var n = 0;
        for (var ci = 0; ci < held.Count; ci++)
        {
            var c = held[ci];
            for (var i = 0; i < c.Count; i++, n++)
            {
                keys[n] = ((long)rank[c.Bars![i].Code] << 32) | (uint)c.Bars[i].Date;
                where[n] = (ci << 16) | i; // ChunkRows <= 65,536
            }
        }

        Array.Sort(keys, where);
        for (var k = 0; k < total; k++)
        {
            w.Bar(held[where[k] >> 16].Bars![where[k] & 0xFFFF]);
            Tick();
        }
    }

    private void Tick()
    {
        if ((++_written & 0xFFFF) == 0)
        {
            Progress?.Invoke(_written);
        }
    }

    /// <summary>A block of parsed rows: bars (with whether they continue the (code, date) order) or index rows.</summary>
    private sealed class Chunk
    {
        private static readonly int Epoch = new DateOnly(1900, 1, 1).DayNumber;

        public ParsedBar[]? Bars;
        public ParsedIndexBar[]? Index;
        public string? IndexName;
        public int Count;
        public bool Sorted = true;

        /// <summary>After <see cref="SortKeys"/>: the rows' packed keys in ascending order, and the row index of each.</summary>
        public long[]? Keys;
        public int[]? Order;

        /// <summary>
        /// Sorts the chunk by a 64-bit key whose order is SQLite's (code, date) order: the code's ASCII bytes, big-endian in
        /// the top 48 bits (codes of up to 6 ASCII characters; a shorter code sorts first, as in BINARY collation), then the
        /// day number since 1900 in the low 16 bits. Leaves <see cref="Keys"/> null when a row does not fit (longer or
        /// non-ASCII code, date outside 1900..2079): the chunks are then ranked by the slower general method.
        /// </summary>
        public void SortKeys()
        {
            var keys = new long[Count];
            var order = new int[Count];
            for (var i = 0; i < Count; i++)
            {
                ref readonly var bar = ref Bars![i];
                var code = bar.Code;
                if (code.Length > 6)
                {
                    return;
                }

                long packed = 0;
                for (var j = 0; j < 6; j++)
                {
                    var ch = j < code.Length ? code[j] : '\0';
                    if (ch > 0x7F)
                    {
                        return;
                    }

                    packed = (packed << 8) | ch;
                }

                var y = bar.Date / 10000;
                var m = bar.Date / 100 % 100;
                var d = bar.Date % 100;
                if (y < 1900 || y > 2079 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
                {
                    return;
                }

                keys[i] = (packed << 16) | (long)(new DateOnly(y, m, d).DayNumber - Epoch);
                order[i] = i;
            }

            Array.Sort(keys, order);
            Keys = keys;
            Order = order;
        }
    }

    /// <summary>Producer side, on the parse thread: fills chunks and queues them (blocks while the writer is behind).</summary>
    private sealed class ChunkSink(ImportPipeline owner) : RowSink
    {
        private Chunk? _chunk;
        private string? _lastCode;
        private int _lastDate;

        public override void Bar(in ParsedBar bar)
        {
            var c = _chunk ??= new Chunk { Bars = owner._pool.TryDequeue(out var a) ? a : new ParsedBar[ChunkRows] };
            if (c.Sorted && _lastCode is not null)
            {
                var cmp = ReferenceEquals(bar.Code, _lastCode) ? 0 : string.CompareOrdinal(bar.Code, _lastCode);
                c.Sorted = cmp > 0 || (cmp == 0 && bar.Date > _lastDate);
            }

            _lastCode = bar.Code;
            _lastDate = bar.Date;
            c.Bars![c.Count++] = bar;
            if (c.Count == ChunkRows)
            {
                Flush();
            }
        }

        public override void Index(string name, in ParsedIndexBar bar)
        {
            var c = _chunk ??= new Chunk { Index = new ParsedIndexBar[ChunkRows], IndexName = name };
            c.Index![c.Count++] = bar;
            if (c.Count == ChunkRows)
            {
                Flush();
            }
        }

        public void Flush()
        {
            if (_chunk is { Count: > 0 } c)
            {
                owner._queue.Add(c, owner._cancel.Token);
            }

            _chunk = null;
        }
    }
}
