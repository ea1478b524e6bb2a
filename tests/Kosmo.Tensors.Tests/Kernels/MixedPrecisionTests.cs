using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors.Tests.Kernels;

/// <summary>
/// <see cref="MixedPrecision"/>: inside a bf16 scope every <see cref="Sgemm"/> entry point (parallel and serial, with a
/// bias row, the tile path with B packed or in place) gives the bf16 twin's bits, also on the worker threads of a
/// two-thread split; outside it the fp32 bits come back; asking for bf16 where it is unavailable is an error.
/// </summary>
[Collection(Core.ThreadCountCollection.Name)]
public sealed class MixedPrecisionTests
{
    [Theory]
    [InlineData(400, 96, 64, false, true)]   // Linear forward x·Wᵀ, rows split over two threads
    [InlineData(64, 64, 3000, true, false)]  // a weight gradient gᵀ·x, columns split over two threads
    [InlineData(301, 45, 77, false, false)]
    public void Sgemm_Should_GiveTheBf16TwinsBits_When_InABf16ScopeOnTwoThreads(int m, int n, int k, bool ta, bool tb)
    {
        if (!Bf16GemmTests.Ready())
        {
            return;
        }

        // Given operands and two tensor threads
        using var threads = TensorThreads.Use(2);
        var rng = new Random(m + n + k);
        int lda = ta ? m : k, ldb = tb ? k : n;
        var a = Bf16GemmTests.Rand(rng, (ta ? k : m) * lda);
        var b = Bf16GemmTests.Rand(rng, (tb ? n : k) * ldb);
        var bias = Bf16GemmTests.Rand(rng, n);
        var c0 = Bf16GemmTests.Rand(rng, m * n);
        var twin = (float[])c0.Clone();
        Bf16Reference.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 1f, twin, 0, n);
        var twinBias = new float[m * n];
        Bf16Reference.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, twinBias, 0, n, bias);
        var fp32 = (float[])c0.Clone();
        Sgemm.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 1f, fp32, 0, n);

        // When Sgemm's entry points run inside a bf16 scope
        var c = (float[])c0.Clone();
        var cBias = new float[m * n];
        var serial = (float[])c0.Clone();
        using (MixedPrecision.Scope(Precision.Bf16))
        {
            MixedPrecision.Current.Should().Be(Precision.Bf16);
            Sgemm.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 1f, c, 0, n);
            Sgemm.MultiplyBias(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, bias, 0, cBias, 0, n);
            Sgemm.MultiplySerial(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 1f, serial, 0, n);
        }

        // Then they give the bf16 twin's bits, and after the scope the fp32 bits again
        c.Should().Equal(twin);
        cBias.Should().Equal(twinBias);
        serial.Should().Equal(twin);
        c.Should().NotEqual(fp32, "bf16 rounding changes the result");
        MixedPrecision.Current.Should().Be(Precision.Fp32);
        var again = (float[])c0.Clone();
        Sgemm.Multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 1f, again, 0, n);
        again.Should().Equal(fp32);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MultiplyTile_Should_GiveTheBf16TwinsBits_When_BIsPackedOrInPlace(bool ta)
    {
        if (!Bf16GemmTests.Ready() || !Sgemm.TileHardware)
        {
            return;
        }

        // Given a bank-shaped product (256 rows, 64 columns, k = 129) and a C with earlier values
        const int m = 256, n = 64, k = 129;
        var rng = new Random(5);
        var a = Bf16GemmTests.Rand(rng, m * k);
        var b = Bf16GemmTests.Rand(rng, k * n);
        var c0 = Bf16GemmTests.Rand(rng, m * n);
        var packedB = Sgemm.PackTile(false, k, n, b, 0, n);
        foreach (var accumulate in new[] { false, true })
        {
            var twin = (float[])c0.Clone();
            Bf16Reference.Multiply(ta, false, m, n, k, 1f, a, 0, ta ? m : k, b, 0, n, accumulate ? 1f : 0f, twin, 0, n);

            // When the tile path runs in a bf16 scope with B in place and packed
            var inPlace = (float[])c0.Clone();
            var packed = (float[])c0.Clone();
            using (MixedPrecision.Scope(Precision.Bf16))
            {
                Sgemm.MultiplyTile(ta, m, n, k, a, 0, ta ? m : k, b, 0, n, accumulate, inPlace, 0, n);
                Sgemm.MultiplyTile(ta, m, n, k, a, 0, ta ? m : k, packedB, accumulate, packed, 0, n);
            }

            // Then both are the twin's bits
            inPlace.Should().Equal(twin, $"accumulate={accumulate}");
            packed.Should().Equal(twin, $"accumulate={accumulate}");
        }
    }

    [Fact]
    public void Scope_Should_Throw_When_Bf16IsUnavailable()
    {
        // Given a machine without the bf16 kernels (simulated)
        using (Bf16Native.SimulateUnavailable())
        {
            // When bf16 is asked for, then a clear error says why; fp32 scopes still open
            var act = () => MixedPrecision.Scope(Precision.Bf16);
            act.Should().Throw<InvalidOperationException>().WithMessage("bf16 precision is unavailable here*");
            using (MixedPrecision.Scope(Precision.Fp32))
            {
                MixedPrecision.Current.Should().Be(Precision.Fp32);
            }
        }
    }
}
