using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors.Tests.Kernels;

/// <summary>The packed SGEMM against the plain double-accumulating reference.</summary>
public sealed class SgemmTests
{
    public static TheoryData<int, int, int, bool, bool> Shapes() => new()
    {
        { 1, 1, 1, false, false },
        { 7, 5, 3, false, false },
        { 6, 16, 256, false, false },
        { 13, 33, 300, true, false },
        { 50, 17, 9, false, true },
        { 97, 130, 70, true, true },
        { 200, 520, 260, false, true },
        { 64, 64, 600, true, false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_Should_MatchReference_When_AnyShapeAndTranspose(int m, int n, int k, bool ta, bool tb)
    {
        // Given random A, B, C with padded leading dimensions and offsets
        var rng = new Random(m * 31 + n * 7 + k);
        int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 2, ldc = n + 5;
        var a = Rand(rng, 4 + ((ta ? k : m) * lda));
        var b = Rand(rng, 1 + ((tb ? n : k) * ldb));
        var c = Rand(rng, 2 + (m * ldc));
        var expected = (float[])c.Clone();

        // When both kernels compute C = 0.7·op(A)·op(B) + 0.3·C
        Sgemm.Multiply(ta, tb, m, n, k, 0.7f, a, 4, lda, b, 1, ldb, 0.3f, c, 2, ldc);
        SgemmReference.Multiply(ta, tb, m, n, k, 0.7f, a, 4, lda, b, 1, ldb, 0.3f, expected, 2, ldc);

        // Then they agree to float rounding (relative to √k), padding untouched
        var tol = 2e-5f * MathF.Sqrt(k) * 4;
        for (var i = 0; i < c.Length; i++)
        {
            c[i].Should().BeApproximately(expected[i], tol + (1e-5f * Math.Abs(expected[i])), $"element {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_Should_GiveTheAvx2Bits_When_TheAvx512KernelIsUsed(int m, int n, int k, bool ta, bool tb)
    {
        // Given random operands with padded leading dimensions (on a CPU with AVX-512F; elsewhere there is one kernel)
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            return;
        }

        var rng = new Random((m * 17) + n + (k * 3));
        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 3, ldc = n + 2;
        var a = Rand(rng, (ta ? k : m) * lda);
        var b = Rand(rng, (tb ? n : k) * ldb);
        var c0 = Rand(rng, m * ldc);
        var saved = Sgemm.UseAvx512;
        try
        {
            // When the 6×16 AVX2 and the 6×32 AVX-512 micro-kernels compute C = 0.7·op(A)·op(B) + 0.3·C
            var narrow = (float[])c0.Clone();
            var wide = (float[])c0.Clone();
            Sgemm.UseAvx512 = false;
            Sgemm.Multiply(ta, tb, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 0.3f, narrow, 0, ldc);
            Sgemm.UseAvx512 = true;
            Sgemm.Multiply(ta, tb, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 0.3f, wide, 0, ldc);

            // Then every element is bit-identical (same FMA chain per element in both), and matches the reference
            wide.Should().Equal(narrow);
            var expected = (float[])c0.Clone();
            SgemmReference.Multiply(ta, tb, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 0.3f, expected, 0, ldc);
            wide.Should().Equal(expected, (x, e) => Math.Abs(x - e) <= (8e-5f * MathF.Sqrt(k)) + (1e-5f * Math.Abs(e)));
        }
        finally
        {
            Sgemm.UseAvx512 = saved;
        }
    }

    [Fact]
    public void Multiply_Should_GiveIdenticalBits_When_ThreadCountChanges()
    {
        // Given a 300×200×150 product
        var rng = new Random(5);
        var a = Rand(rng, 300 * 150);
        var b = Rand(rng, 150 * 200);
        var saved = TensorThreads.Count;
        try
        {
            // When computed with 1 and with 2 threads (and twice with 2)
            var c1 = new float[300 * 200];
            var c2 = new float[300 * 200];
            var c3 = new float[300 * 200];
            TensorThreads.Count = 1;
            Sgemm.Multiply(false, false, 300, 200, 150, 1f, a, 0, 150, b, 0, 200, 0f, c1, 0, 200);
            TensorThreads.Count = 2;
            Sgemm.Multiply(false, false, 300, 200, 150, 1f, a, 0, 150, b, 0, 200, 0f, c2, 0, 200);
            Sgemm.Multiply(false, false, 300, 200, 150, 1f, a, 0, 150, b, 0, 200, 0f, c3, 0, 200);

            // Then the results are bit-for-bit equal
            c2.Should().Equal(c1);
            c3.Should().Equal(c2);
        }
        finally
        {
            TensorThreads.Count = saved;
        }
    }

    [Theory]
    [InlineData(false, 64, 64)]
    [InlineData(true, 64, 64)]
    [InlineData(false, 40, 96)]
    [InlineData(true, 40, 96)]
    public void Multiply_Should_GiveIdenticalBits_When_ColumnsAreSplit(bool transB, int m, int n)
    {
        // Given a weight-gradient shape gᵀ·x (M = 64 or 40 rows, 11 or 7 row tiles: an uneven row split, so two
        // threads split the columns) with a long K, accumulated into a non-zero C, B plain or transposed
        const int k = 3000;
        var rng = new Random(9);
        var a = Rand(rng, k * m);
        var b = Rand(rng, k * n);
        var c0 = Rand(rng, m * n);
        var ldb = transB ? k : n;
        var saved = TensorThreads.Count;
        try
        {
            // When computed with 1 and with 2 threads
            var c1 = (float[])c0.Clone();
            var c2 = (float[])c0.Clone();
            TensorThreads.Count = 1;
            Sgemm.Multiply(true, transB, m, n, k, 0.5f, a, 0, m, b, 0, ldb, 1f, c1, 0, n);
            TensorThreads.Count = 2;
            Sgemm.Multiply(true, transB, m, n, k, 0.5f, a, 0, m, b, 0, ldb, 1f, c2, 0, n);

            // Then the results are bit-for-bit equal and match the reference
            c2.Should().Equal(c1);
            var expected = (float[])c0.Clone();
            SgemmReference.Multiply(true, transB, m, n, k, 0.5f, a, 0, m, b, 0, ldb, 1f, expected, 0, n);
            for (var i = 0; i < expected.Length; i++)
            {
                c2[i].Should().BeApproximately(expected[i], 1e-3f * (1 + Math.Abs(expected[i])));
            }
        }
        finally
        {
            TensorThreads.Count = saved;
        }
    }

    [Theory]
    [InlineData(false, false, 256, 64, 128)]
    [InlineData(false, true, 256, 128, 64)]
    [InlineData(true, false, 128, 64, 256)]
    [InlineData(false, true, 37, 45, 19)]
    [InlineData(true, true, 13, 100, 7)]
    public void MultiplySerial_Should_GiveTheUnpackedBits_When_BIsPackedOnce(bool transA, bool transB, int m, int n, int k)
    {
        // Given A, B and a non-zero C (edge tiles in both directions for the odd shapes)
        var rng = new Random(m + n + k);
        var a = Rand(rng, m * k);
        var b = Rand(rng, k * n);
        var c0 = Rand(rng, m * n);
        int lda = transA ? m : k, ldb = transB ? k : n;

        // When B is packed once and used twice (the second time reusing the packed buffer), and unpacked once
        var packed = Sgemm.Pack(transB, k, n, b, 0, ldb);
        packed = Sgemm.Pack(transB, k, n, b, 0, ldb, packed);
        var viaPack = (float[])c0.Clone();
        Sgemm.MultiplySerial(transA, m, n, k, 0.75f, a, 0, lda, packed, 1f, viaPack, 0, n);
        var plain = (float[])c0.Clone();
        Sgemm.MultiplySerial(transA, transB, m, n, k, 0.75f, a, 0, lda, b, 0, ldb, 1f, plain, 0, n);

        // Then the results are bit-for-bit equal, and a size mismatch is refused
        viaPack.Should().Equal(plain);
        var act = () => Sgemm.MultiplySerial(transA, m, n + 1, k, 1f, a, 0, lda, packed, 0f, new float[m * (n + 1)], 0, n + 1);
        act.Should().Throw<ArgumentException>().WithMessage("*packed B*");
    }

    [Fact]
    public void MultiplySerial_Should_KeepThePackedWidth_When_UseAvx512ChangesAfterPacking()
    {
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            return; // nothing to switch on this CPU
        }

        // Given B packed for the 32-wide AVX-512 kernel
        var rng = new Random(21);
        int m = 50, n = 70, k = 33;
        var a = Rand(rng, m * k);
        var b = Rand(rng, k * n);
        var saved = Sgemm.UseAvx512;
        try
        {
            Sgemm.UseAvx512 = true;
            var packed = Sgemm.Pack(true, k, n, b, 0, k);

            // When the switch is turned off before the product
            Sgemm.UseAvx512 = false;
            var viaPack = new float[m * n];
            Sgemm.MultiplySerial(false, m, n, k, 1f, a, 0, k, packed, 0f, viaPack, 0, n);
            var plain = new float[m * n];
            Sgemm.MultiplySerial(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, plain, 0, n);

            // Then the packed panels are still read with their own width (the kernels give the same bits)
            viaPack.Should().Equal(plain);
        }
        finally
        {
            Sgemm.UseAvx512 = saved;
        }
    }

    [Fact]
    public void Multiply_Should_ThrowClearly_When_OperandTooShort()
    {
        // Given a B array too short for 4×4
        var act = () => Sgemm.Multiply(false, false, 4, 4, 4, 1f, new float[16], 0, 4, new float[15], 0, 4, 0f, new float[16], 0, 4);

        // Then the error names the operand
        act.Should().Throw<ArgumentException>().WithMessage("*operand B*");
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
