using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors.Tests.Kernels;

[Collection(Core.ThreadCountCollection.Name)]

/// <summary>
/// The 8×32 AVX-512 tile path against the general SGEMM: the same bits for every product it serves (A in place or
/// transposed, B packed or in place, overwrite or accumulate, k above one 256 block), and clear errors otherwise.
/// </summary>
public sealed class SgemmTileTests
{
    public static TheoryData<int, int, int, bool> Shapes() => new()
    {
        { 8, 32, 1, false },
        { 64, 64, 64, false },
        { 256, 128, 64, false },
        { 40, 96, 300, false },   // k spans two blocks of 256
        { 128, 64, 256, true },   // the bank's weight gradient gGᵀ·H2
        { 64, 32, 43, true },     // a partial tile's rows
        { 16, 64, 520, true },    // three k blocks
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyTile_Should_GiveTheGeneralPathsBits_When_BIsPackedOrReadInPlace(int m, int n, int k, bool ta)
    {
        if (!Sgemm.TileHardware)
        {
            return; // the tile path needs AVX-512F; callers take the general path elsewhere
        }

        // Given operands at odd offsets with padded leading dimensions, and a C holding earlier values
        var rng = new Random((m * 7) + (n * 3) + k);
        int lda = (ta ? m : k) + 5, ldb = n + 3, ldc = n + 7;
        var a = Rand(rng, 3 + ((ta ? k : m) * lda));
        var b = Rand(rng, 1 + (k * ldb));
        var w = Rand(rng, 2 + (n * (k + 1)));          // B stored transposed (n × k, row stride k + 1) for the packed NT case
        var c0 = Rand(rng, 5 + (m * ldc));
        foreach (var accumulate in new[] { false, true })
        {
            // When the general path and the tile path compute C = op(A)·B (or C + op(A)·B)
            var expected = (float[])c0.Clone();
            Sgemm.MultiplySerial(ta, false, m, n, k, 1f, a, 3, lda, b, 1, ldb, accumulate ? 1f : 0f, expected, 5, ldc);
            var inPlace = (float[])c0.Clone();
            Sgemm.MultiplyTile(ta, m, n, k, a, 3, lda, b, 1, ldb, accumulate, inPlace, 5, ldc);
            var packed = (float[])c0.Clone();
            Sgemm.MultiplyTile(ta, m, n, k, a, 3, lda, Sgemm.PackTile(false, k, n, b, 1, ldb), accumulate, packed, 5, ldc);

            var expectedNt = (float[])c0.Clone();
            Sgemm.MultiplySerial(ta, true, m, n, k, 1f, a, 3, lda, w, 2, k + 1, accumulate ? 1f : 0f, expectedNt, 5, ldc);
            var packedNt = (float[])c0.Clone();
            Sgemm.MultiplyTile(ta, m, n, k, a, 3, lda, Sgemm.PackTile(true, k, n, w, 2, k + 1), accumulate, packedNt, 5, ldc);

            // Then every element (and the padding around C) is bit-for-bit the general path's
            inPlace.Should().Equal(expected, $"B in place, accumulate={accumulate}");
            packed.Should().Equal(expected, $"B packed, accumulate={accumulate}");
            packedNt.Should().Equal(expectedNt, $"B packed from its transpose, accumulate={accumulate}");
            expected.Should().NotEqual(c0);
        }
    }

    public static TheoryData<int, int, int, bool, bool, float> GeneralShapes() => new()
    {
        { 300, 64, 64, false, true, 0f },     // a Linear forward x·Wᵀ: B transposed, packed per call; 300 = 37·8 + 4 rows
        { 1000, 256, 64, false, true, 1f },   // the LSTM's input projection onto a bias-filled C
        { 999, 64, 256, false, false, 1f },   // an input gradient g·W
        { 256, 64, 3001, true, false, 1f },   // a weight gradient gᵀ·x over many rows (k in 12 blocks)
        { 64, 96, 700, true, true, 0f },
        { 13, 32, 40, false, false, 0f },     // one strip of 8 and 5 rows on the general path
    };

    [Theory]
    [MemberData(nameof(GeneralShapes))]
    public void Multiply_Should_GiveTheSameBits_When_TheTilePathServesIt(int m, int n, int k, bool ta, bool tb, float beta)
    {
        if (!Sgemm.TileHardware)
        {
            return;
        }

        // Given operands with padded leading dimensions and offsets
        var rng = new Random((m * 5) + (n * 11) + k);
        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;
        var a = Rand(rng, 2 + ((ta ? k : m) * lda));
        var b = Rand(rng, 3 + ((tb ? n : k) * ldb));
        var c0 = Rand(rng, 1 + (m * ldc));
        var saved = Sgemm.UseTiles;
        var savedThreads = TensorThreads.Count;
        try
        {
            // When the parallel and the serial entry points run with the tile path off and on, on one and two threads
            var results = new List<float[]>();
            foreach (var tiles in new[] { false, true })
            {
                Sgemm.UseTiles = tiles;
                foreach (var threads in new[] { 1, 2 })
                {
                    TensorThreads.Count = threads;
                    var c = (float[])c0.Clone();
                    Sgemm.Multiply(ta, tb, m, n, k, 1f, a, 2, lda, b, 3, ldb, beta, c, 1, ldc);
                    results.Add(c);
                }

                var serial = (float[])c0.Clone();
                Sgemm.MultiplySerial(ta, tb, m, n, k, 1f, a, 2, lda, b, 3, ldb, beta, serial, 1, ldc);
                results.Add(serial);
                if (k <= 256)
                {
                    var packed = (float[])c0.Clone();
                    Sgemm.MultiplySerial(ta, m, n, k, 1f, a, 2, lda, Sgemm.Pack(tb, k, n, b, 3, ldb), beta, packed, 1, ldc);
                    results.Add(packed);
                }
            }

            // Then every variant gives the general path's bits
            foreach (var r in results)
            {
                r.Should().Equal(results[0]);
            }
        }
        finally
        {
            Sgemm.UseTiles = saved;
            TensorThreads.Count = savedThreads;
        }
    }

    [Theory]
    [InlineData(300, 64, 64, false, true)]    // a Linear forward with whole strips and 4 general-path rows
    [InlineData(1000, 256, 64, false, true)]  // the LSTM's input projection
    [InlineData(64, 96, 700, true, false)]    // k in three blocks: the bias joins the first
    [InlineData(50, 20, 9, false, true)]      // n not a multiple of 32: the general path only
    public void MultiplyBias_Should_GiveTheBitsOfABiasFilledProduct_When_AnyPathServesIt(int m, int n, int k, bool ta, bool tb)
    {
        // Given operands with padded leading dimensions and a bias row at an offset
        var rng = new Random((m * 3) + n + k);
        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;
        var a = Rand(rng, 2 + ((ta ? k : m) * lda));
        var b = Rand(rng, 3 + ((tb ? n : k) * ldb));
        var bias = Rand(rng, n + 5);
        var c0 = Rand(rng, 1 + (m * ldc));
        var saved = Sgemm.UseTiles;
        var savedThreads = TensorThreads.Count;
        try
        {
            // When the bias is filled into C's rows and added by beta = 1 (general path, one thread), and when
            // MultiplyBias adds it, with the tile path on and off, on one and two threads
            Sgemm.UseTiles = false;
            TensorThreads.Count = 1;
            var expected = (float[])c0.Clone();
            for (var i = 0; i < m; i++)
            {
                bias.AsSpan(5, n).CopyTo(expected.AsSpan(1 + (i * ldc), n));
            }

            Sgemm.Multiply(ta, tb, m, n, k, 1f, a, 2, lda, b, 3, ldb, 1f, expected, 1, ldc);
            foreach (var tiles in Sgemm.TileHardware ? new[] { false, true } : [false])
            {
                Sgemm.UseTiles = tiles;
                foreach (var threads in new[] { 1, 2 })
                {
                    TensorThreads.Count = threads;
                    var c = (float[])c0.Clone();
                    Sgemm.MultiplyBias(ta, tb, m, n, k, a, 2, lda, b, 3, ldb, bias, 5, c, 1, ldc);

                    // Then C (and the padding around it) has exactly those bits
                    c.Should().Equal(expected, $"tiles={tiles}, threads={threads}");
                }
            }
        }
        finally
        {
            Sgemm.UseTiles = saved;
            TensorThreads.Count = savedThreads;
        }
    }

    [Fact]
    public void PackTile_Should_HoldTheNewValues_When_PackedIntoAnEarlierPacksStorage()
    {
        // Given a packed 64 × 64 B
        var rng = new Random(4);
        var first = Sgemm.PackTile(false, 64, 64, Rand(rng, 64 * 64), 0, 64);

        // When another B of the same shape is packed with it as reuse
        var b2 = Rand(rng, 64 * 64);
        var second = Sgemm.PackTile(false, 64, 64, b2, 0, 64, first);
        if (!Sgemm.TileHardware)
        {
            return;
        }

        // Then products use the new values (same bits as B in place)
        var a = Rand(rng, 8 * 64);
        var viaPack = new float[8 * 64];
        var inPlace = new float[8 * 64];
        Sgemm.MultiplyTile(false, 8, 64, 64, a, 0, 64, second, false, viaPack, 0, 64);
        Sgemm.MultiplyTile(false, 8, 64, 64, a, 0, 64, b2, 0, 64, false, inPlace, 0, 64);
        viaPack.Should().Equal(inPlace);
    }

    [Fact]
    public void MultiplyTile_Should_ThrowClearly_When_TheShapeDoesNotFit()
    {
        var a = new float[64 * 64];
        var c = new float[64 * 64];

        // m not a multiple of 8, n not a multiple of 32, a short operand, a packed B of another size
        var rows = () => Sgemm.MultiplyTile(false, 12, 32, 8, a, 0, 8, a, 0, 32, false, c, 0, 32);
        var cols = () => Sgemm.MultiplyTile(false, 8, 48, 8, a, 0, 8, a, 0, 48, false, c, 0, 48);
        var shortB = () => Sgemm.MultiplyTile(false, 8, 32, 64, a, 0, 64, new float[100], 0, 32, false, c, 0, 32);
        var pack = () => Sgemm.PackTile(false, 8, 40, a, 0, 40);

        rows.Should().Throw<ArgumentException>().WithMessage("*tile path*");
        cols.Should().Throw<ArgumentException>().WithMessage("*tile path*");
        pack.Should().Throw<ArgumentException>().WithMessage("*multiple of 32*");
        if (Sgemm.TileHardware)
        {
            shortB.Should().Throw<ArgumentException>().WithMessage("*operand B*");
            var packed = Sgemm.PackTile(false, 16, 32, a, 0, 32);
            var other = () => Sgemm.MultiplyTile(false, 8, 32, 8, a, 0, 8, packed, false, c, 0, 32);
            other.Should().Throw<ArgumentException>().WithMessage("*packed B is 16×32*");
        }
    }

    [Fact]
    public void AlignedBuffer_Should_StartOnACacheLine_When_Allocated()
    {
        foreach (var size in new[] { 0, 1, 17, 4096, 100_000 })
        {
            // When a buffer is allocated
            var array = AlignedBuffer.Allocate(size, out var offset);

            // Then its working range fits and starts on a 64-byte boundary
            (array.Length - offset).Should().BeGreaterThanOrEqualTo(size);
            offset.Should().BeInRange(0, 15);
            unsafe
            {
                fixed (float* p = array)
                {
                    if (array.Length > 0)
                    {
                        ((long)(p + offset) % 64).Should().Be(0);
                    }
                }
            }
        }
    }

    private static float[] Rand(Random rng, int n)
    {
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return a;
    }
}
