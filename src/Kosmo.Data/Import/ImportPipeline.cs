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
    private const int QueueChunks = 8;

    private readonly BlockingCollection<Chunk> _queue = new(QueueChunks);
    private readonly ConcurrentQueue<ParsedBar[]> _pool = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Action<long>? _progress;
    private volatile Exception? _failure;
    private long _written;

    /// <param name="progress">Called on the calling thread with the rows written so far, every 65,536 rows.</param>
    public ImportPipeline(Action<long>? progress) => _progress = progress;

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
            _cancel.Cancel();
            thread.Join();
            throw;
        }

        thread.Join();
        if (_failure is { } e)
        {
            ExceptionDispatchInfo.Throw(e);
        }
    }

    private void Produce(FileParser parser)
    {
        try
        {
            var sink = new ChunkSink(this);
            parser.Parse(sink);
            sink.Flush();
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // The writer failed and stopped the pipeline; its exception is the one reported.
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

    private void Consume(Func<RowSink> writer)
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
                held.Add(chunk);
            }
        }

        if (_failure is null && held.Count > 0)
        {
            WriteSorted(writer(), held);
        }
    }

    private void Write(RowSink w, ParsedBar[] rows, int count)
    {
        for (var i = 0; i < count; i++)
        {
            w.Bar(rows[i]);
            Progress();
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
            Progress();
        }
    }

    private void Progress()
    {
        if ((++_written & 0xFFFF) == 0)
        {
            _progress?.Invoke(_written);
        }
    }

    /// <summary>A block of parsed rows: bars (with whether they continue the (code, date) order) or index rows.</summary>
    private sealed class Chunk
    {
        public ParsedBar[]? Bars;
        public ParsedIndexBar[]? Index;
        public string? IndexName;
        public int Count;
        public bool Sorted = true;
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
