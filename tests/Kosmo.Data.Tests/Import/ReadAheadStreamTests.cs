using Kosmo.Data.Import;

namespace Kosmo.Data.Tests.Import;

public sealed class ReadAheadStreamTests
{
    [Fact]
    public void Read_Should_ReturnEveryInnerByteInOrder_When_ReadInOddSizes()
    {
        // Given 1.3 MB of seeded random bytes (several read-ahead blocks) behind the read-ahead stream
        var data = new byte[1_300_007];
        new Random(11).NextBytes(data);
        using var s = new ReadAheadStream(new MemoryStream(data));

        // When it is read with changing buffer sizes
        var copy = new MemoryStream();
        var buffer = new byte[70_001];
        var sizes = new[] { 1, 17, 4096, 70_001, 3 };
        int n;
        for (var i = 0; (n = s.Read(buffer, 0, sizes[i % sizes.Length])) > 0; i++)
        {
            copy.Write(buffer, 0, n);
        }

        // Then the bytes are the inner stream's, and the end stays the end
        copy.ToArray().Should().Equal(data);
        s.Read(buffer, 0, 10).Should().Be(0);
    }

    [Fact]
    public void Read_Should_RethrowTheInnerException_When_TheInnerStreamFailsAfterSomeBytes()
    {
        // Given an inner stream that yields 600 kB and then fails like a corrupt gzip stream
        using var s = new ReadAheadStream(new FailingStream(600_000));

        // When it is read to the end
        var total = 0L;
        var act = () =>
        {
            var buffer = new byte[8192];
            int n;
            while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += n;
            }
        };

        // Then the bytes before the failure arrive and the inner exception itself is thrown
        act.Should().Throw<InvalidDataException>().WithMessage("corrupt block");
        total.Should().Be(600_000);
    }

    private sealed class FailingStream(long good) : Stream
    {
        private long _left = good;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left == 0)
            {
                throw new InvalidDataException("corrupt block");
            }

            var n = (int)Math.Min(count, _left);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
