using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors.Tests.Kernels;

/// <summary>
/// The native bf16 GEMM (<see cref="Bf16Native"/>, VDPBF16PS) against its plain managed twin (<see cref="Bf16Reference"/>)
/// and its scalar C twin: bit for bit on every shape (ragged rows and columns, odd k, k over several blocks, transposes,
/// offsets, alpha/beta, bias), and within the stated bf16 error bound of the exact product. Skipped (returns) where the
/// CPU lacks AVX512_BF16; fails where the CPU has it and gcc exists but the library did not load.
/// </summary>
[Collection(Core.ThreadCountCollection.Name)]
public sealed class Bf16GemmTests
{
    public static TheoryData<int, int, int, bool, bool> Shapes() => new()
    {
        { 1, 1, 1, false, false },
        { 7, 33, 5, false, false },      // ragged rows and columns, odd k
        { 8, 32, 64, true, false },
        { 13, 17, 3, false, true },
        { 64, 64, 777, true, false },    // a weight gradient's long k over several 256-value blocks, odd
        { 100, 70, 257, true, true },
        { 256, 128, 64, false, false },  // the VSN bank's tile shape
        { 9, 31, 300, false, true },
        { 65, 65, 2, true, true },
        { 130, 96, 130, false, true },   // more than one 64-row block
    };

    internal static bool Ready()
    {
        if (Bf16Native.IsAvailable)
        {
            return true;
        }

        // A CPU with AVX512_BF16 and a gcc on PATH means the build should have produced the library.
        Bf16Native.CpuHasBf16(out _).Should().BeFalse($"the CPU has AVX512_BF16, so the bf16 kernels should load: {Bf16Native.Status}");
        return false;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_Should_MatchTheManagedTwinBitForBit_When_AnyShapeAndTranspose(int m, int n, int k, bool ta, bool tb)
    {
        if (!Ready())
        {
            return;
        }

        // Given random operands at offsets with padded leading dimensions, and a C with earlier values
        var rng = new Random((m * 31) + (n * 7) + k);
        int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 2, ldc = n + 5;
        var a = Rand(rng, 4 + ((ta ? k : m) * lda));
        var b = Rand(rng, 1 + ((tb ? n : k) * ldb));
        var c0 = Rand(rng, 2 + (m * ldc));
        foreach (var (alpha, beta) in new[] { (1f, 0f), (0.7f, 0.3f), (1f, 1f) })
        {
            // When the VDPBF16PS kernel, the managed twin and the C library's scalar twin compute alpha·op(A)·op(B) + beta·C
            var fast = (float[])c0.Clone();
            Bf16Native.Multiply(ta, tb, m, n, k, alpha, a, 4, lda, b, 1, ldb, beta, fast, 2, ldc);
            var twin = (float[])c0.Clone();
            Bf16Reference.Multiply(ta, tb, m, n, k, alpha, a, 4, lda, b, 1, ldb, beta, twin, 2, ldc);
            var scalar = (float[])c0.Clone();
            Bf16Native.MultiplyScalarTwin(ta, tb, m, n, k, alpha, a, 4, lda, b, 1, ldb, beta, scalar, 2, ldc);

            // Then all three agree bit for bit, the padding around C untouched
            fast.Should().Equal(twin, $"alpha={alpha} beta={beta}");
            scalar.Should().Equal(twin, $"alpha={alpha} beta={beta}");
            fast.Should().NotEqual(c0);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_Should_StayWithinTheBf16Bound_When_ComparedWithTheExactProduct(int m, int n, int k, bool ta, bool tb)
    {
        if (!Ready())
        {
            return;
        }

        // Given random operands
        var rng = new Random((m * 13) + n + (k * 5));
        int lda = ta ? m : k, ldb = tb ? k : n;
        var a = Rand(rng, (ta ? k : m) * lda);
        var b = Rand(rng, (tb ? n : k) * ldb);
        var c = new float[m * n];
        var exact = new float[m * n];

        // When the bf16 kernel and the double-accumulating fp32 reference compute op(A)·op(B)
        Bf16Native.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        SgemmReference.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, exact, 0, n);

        // Then |error| ≤ (2·2⁻⁸ + k·2⁻²⁴)·Σ|a·b|: each input rounded to 8 significant bits (relative 2⁻⁹ each, two per
        // product), plus fp32 accumulation over k terms
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double mass = 0;
                for (var p = 0; p < k; p++)
                {
                    mass += Math.Abs((ta ? a[(p * lda) + i] : a[(i * lda) + p]) * (double)(tb ? b[(j * ldb) + p] : b[(p * ldb) + j]));
                }

                var bound = ((2.0 / 256) + (k / 16777216.0)) * mass;
                Math.Abs(c[(i * n) + j] - (double)exact[(i * n) + j]).Should().BeLessThanOrEqualTo(bound + 1e-30, $"C[{i},{j}]");
            }
        }
    }

    [Fact]
    public void Multiply_Should_RoundInputsAsTheHardware_When_TiesDenormalsAndSpecials()
    {
        if (!Ready())
        {
            return;
        }

        // Given values at rounding ties (to even both ways), just off ties, denormals, the fp32 maximum, infinities, NaN
        uint[] bits = [0x3F808000, 0x3F818000, 0x3F808001, 0x3F807FFF, 0x00000001, 0x807FFFFF, 0x7F7FFFFF, 0xFF800000, 0x7FC00001, 0x7F800001, 0x3F800000, 0x80000000];
        var a = bits.Select(BitConverter.UInt32BitsToSingle).ToArray();
        var c = new float[a.Length];

        // When each is multiplied by 1 (an m × 1 × 1 product: C is the bf16 rounding of A)
        Bf16Native.Multiply(false, false, a.Length, 1, 1, 1f, a, 0, 1, [1f], 0, 1, 0f, c, 0, 1);

        // Then the hardware's rounding is the managed twin's (round to nearest even, denormals to signed zero, NaN quiet)
        for (var i = 0; i < a.Length; i++)
        {
            var want = 0f + Bf16Reference.Round(a[i]); // the accumulator starts at +0, so a signed zero comes out +0
            if (float.IsNaN(want))
            {
                float.IsNaN(c[i]).Should().BeTrue($"input {bits[i]:X8}");
            }
            else
            {
                BitConverter.SingleToUInt32Bits(c[i]).Should().Be(BitConverter.SingleToUInt32Bits(want), $"input {bits[i]:X8}");
            }
        }

        Bf16Reference.ToBf16(BitConverter.UInt32BitsToSingle(0x3F808000)).Should().Be(0x3F80, "a tie rounds to the even neighbour (down)");
        Bf16Reference.ToBf16(BitConverter.UInt32BitsToSingle(0x3F818000)).Should().Be(0x3F82, "a tie rounds to the even neighbour (up)");
        Bf16Reference.ToBf16(BitConverter.UInt32BitsToSingle(0x00000001)).Should().Be(0, "a denormal becomes zero");
        Bf16Reference.ToBf16(float.MaxValue).Should().Be(0x7F80, "the fp32 maximum rounds to infinity");
    }

    internal static float[] Rand(Random rng, int n)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
