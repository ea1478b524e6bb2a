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
