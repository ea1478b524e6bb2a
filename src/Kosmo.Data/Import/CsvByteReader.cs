using System.Buffers;

namespace Kosmo.Data.Import;

/// <summary>
/// A streaming CSV reader over UTF-8 bytes: hands out one record at a time as field ranges into an internal
/// buffer, so numbers are parsed straight from bytes without allocating strings. Supports '\n' and "\r\n"
/// line ends and simple double-quoted fields (no embedded line breaks). Not thread-safe.
/// </summary>
internal sealed class CsvByteReader : IDisposable
{
    private const int MaxFields = 64;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private readonly int[] _fieldStart = new int[MaxFields];
    private readonly int[] _fieldLength = new int[MaxFields];
    private int _lineStart;
    private int _lineLength;

    /// <summary>Creates a reader; the stream is disposed with the reader.</summary>
    public CsvByteReader(Stream stream, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>1-based number of the current record's line.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Number of fields in the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>True when the current record has more fields than the reader keeps (64): it cannot match any header.</summary>
    public bool TooManyFields { get; private set; }

    /// <summary>True when the last record read ended at end of input without a line break.</summary>
    public bool LastLineUnterminated { get; private set; }

    /// <summary>The bytes of field <paramref name="index"/> of the current record (quotes removed).</summary>
    public ReadOnlySpan<byte> Field(int index) => _buffer.AsSpan(_fieldStart[index], _fieldLength[index]);

    /// <summary>The whole current line.</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>Reads the next non-empty record; false at end of input.</summary>
    /// <exception cref="IOException">The underlying stream failed (e.g. a truncated gzip member).</exception>
    /// <exception cref="InvalidDataException">A corrupt gzip stream.</exception>
    public bool Read()
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var nl = span.IndexOf((byte)'\n');
            int lineLen;
            int consumed;
            if (nl >= 0)
            {
                lineLen = nl;
                consumed = nl + 1;
                LastLineUnterminated = false;
            }
            else if (!_eof)
            {
                Fill();
                continue;
            }
            else if (span.Length > 0)
            {
                lineLen = span.Length;
                consumed = span.Length;
                LastLineUnterminated = true;
            }
            else
            {
                return false;
            }

            LineNumber++;
            var lineStart = _start;
            _start += consumed;
            if (lineLen > 0 && _buffer[lineStart + lineLen - 1] == (byte)'\r')
            {
                lineLen--;
            }

            if (lineLen == 0)
            {
                continue;
            }

            _lineStart = lineStart;
            _lineLength = lineLen;
            Split(lineStart, lineLen);
            return true;
        }
    }

    private void Split(int lineStart, int lineLen)
    {
        var count = 0;
        TooManyFields = false;
        var pos = lineStart;
        var stop = lineStart + lineLen;
        while (true)
        {
            if (count == MaxFields)
            {
                // Only reached after a comma: at least one more field follows.
                TooManyFields = true;
                break;
            }

            if (pos < stop && _buffer[pos] == (byte)'"')
            {
                var close = _buffer.AsSpan(pos + 1, stop - pos - 1).IndexOf((byte)'"');
                var qEnd = close < 0 ? stop : pos + 1 + close;
                _fieldStart[count] = pos + 1;
                _fieldLength[count] = qEnd - pos - 1;
                count++;
                var comma = qEnd < stop ? _buffer.AsSpan(qEnd, stop - qEnd).IndexOf((byte)',') : -1;
                if (comma < 0)
                {
                    break;
                }

                pos = qEnd + comma + 1;
                continue;
            }

            var rel = _buffer.AsSpan(pos, stop - pos).IndexOf((byte)',');
            if (rel < 0)
            {
                _fieldStart[count] = pos;
                _fieldLength[count] = stop - pos;
                count++;
                break;
            }

            _fieldStart[count] = pos;
            _fieldLength[count] = rel;
            count++;
            pos += rel + 1;
        }

        FieldCount = count;
    }

    private void Fill()
    {
        var remaining = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            _start = 0;
            _end = remaining;
        }

        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
