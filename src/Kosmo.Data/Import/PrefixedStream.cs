namespace Kosmo.Data.Import;

/// <summary>A read-only stream that yields a prefix buffer and then the rest of an inner stream.</summary>
internal sealed class PrefixedStream : Stream
{
    private readonly byte[] _prefix;
    private int _offset;
    private readonly int _end;
    private readonly Stream _inner;

    /// <summary>Yields <paramref name="prefix"/>[offset..offset+count) then <paramref name="inner"/>.</summary>
    public PrefixedStream(byte[] prefix, int offset, int count, Stream inner)
    {
        _prefix = prefix;
        _offset = offset;
        _end = offset + count;
        _inner = inner;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_offset < _end)
        {
            var n = Math.Min(buffer.Length, _end - _offset);
            _prefix.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        return _inner.Read(buffer);
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
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
