using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Kosmo.Data.Import;

/// <summary>
/// A read-only stream that reads its inner stream (the gzip inflater) on a worker thread, up to a few blocks ahead, so
/// inflating and CSV parsing run on two cores. An exception of the inner stream (e.g. <see cref="InvalidDataException"/>
/// for corrupt gzip data) is rethrown, unchanged, by the <see cref="Read(Span{byte})"/> that reaches its position.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private const int BlockSize = 256 * 1024;
    private const int AheadBlocks = 6;

    private readonly Stream _inner;
    private readonly BlockingCollection<(byte[] Block, int Count)> _blocks = new(AheadBlocks);
    private readonly ConcurrentQueue<byte[]> _free = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _worker;
    private Exception? _failure;
    private byte[]? _current;
    private int _count;
    private int _offset;
    private bool _done;

    /// <param name="inner">The stream to read ahead; disposed with this one.</param>
    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
        _worker = new Thread(Fill) { IsBackground = true, Name = "kosmo-import-inflate" };
        _worker.Start();
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_current is null || _offset == _count)
        {
            if (_current is not null)
            {
                _free.Enqueue(_current);
                _current = null;
            }

            if (_done || !_blocks.TryTake(out var next, Timeout.Infinite))
            {
                _done = true;
                if (_failure is { } e)
                {
                    ExceptionDispatchInfo.Throw(e);
                }

                return 0;
            }

            (_current, _count, _offset) = (next.Block, next.Count, 0);
        }

        var n = Math.Min(buffer.Length, _count - _offset);
        _current.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    private void Fill()
    {
        try
        {
            var end = false;
            while (!end)
            {
                var block = _free.TryDequeue(out var b) ? b : new byte[BlockSize];
                var n = 0;
                try
                {
                    while (n < BlockSize)
                    {
                        var got = _inner.Read(block, n, BlockSize - n);
                        if (got == 0)
                        {
                            end = true;
                            break;
                        }

                        n += got;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Hand on the bytes that came before the failure, then the failure itself.
                    _failure = e;
                    end = true;
                }

                if (n > 0)
                {
                    _blocks.Add((block, n), _stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed before the end: nothing to report.
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _blocks.CompleteAdding();
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _worker.Join();
            _inner.Dispose();
            _blocks.Dispose();
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }
}
