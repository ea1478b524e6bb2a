using System.Collections.Concurrent;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors.Tests.Kernels;

/// <summary>
/// The opt-in shape observer of <see cref="Sgemm"/>: null unless installed, one report per product at every public
/// entry point (with its shape, transposes and entry), and the same bits with it installed.
/// </summary>
public sealed class SgemmObserverTests
{
    [Fact]
    public void Observer_Should_BeNull_When_NothingInstalledIt()
    {
        // Given a fresh process (nothing in the library installs an observer)
        // When the hook is read
        // Then it is null: normal runs pay one static load and branch per product
        Sgemm.Observer.Should().BeNull();
    }

    [Fact]
    public void Observer_Should_SeeEveryEntryPointsShape_When_Installed()
    {
        // Given an observer collecting every call (other tests' products may pass by; shapes here are distinctive)
        var seen = new ConcurrentQueue<SgemmCall>();
        var products = Products();

        // When every entry point runs once with it installed
        Sgemm.Observer = seen.Enqueue;
        try
        {
            foreach (var (_, run) in products)
            {
                run();
            }
        }
        finally
        {
            Sgemm.Observer = null;
        }

        // Then each product was reported exactly once, with its entry point, transposes and m, n, k
        foreach (var (call, _) in products)
        {
            seen.Count(s => s == call).Should().Be(1, $"{call} is one product");
            call.Flops.Should().Be(2.0 * call.M * call.N * call.K);
        }

        // And the packed MultiplySerial's tile rows are not reported a second time as a MultiplyTilePacked product
        seen.Should().NotContain(s => s.Entry == SgemmEntry.MultiplyTilePacked && s.M == 40 && s.N == 64 && s.K == 37);
    }

    [Fact]
    public void Observer_Should_ReportBf16_When_ThreadRunsProductsInBf16()
    {
        if (!Bf16Native.IsAvailable)
        {
            return; // no bf16 kernels here (MixedPrecision refuses the scope)
        }

        // Given an observer and a thread set to bf16 products
        var seen = new ConcurrentQueue<SgemmCall>();
        var a = new float[19 * 11];
        var b = new float[11 * 23];
        var c = new float[19 * 23];
        Sgemm.Observer = seen.Enqueue;
        try
        {
            // When a product runs in bf16
            using (MixedPrecision.Scope(Precision.Bf16))
            {
                Sgemm.Multiply(false, false, 19, 23, 11, 1f, a, 0, 11, b, 0, 23, 0f, c, 0, 23);
            }
        }
        finally
        {
            Sgemm.Observer = null;
        }

        // Then its report says so
        seen.Should().Contain(new SgemmCall(SgemmEntry.Multiply, false, false, 19, 23, 11, Bf16: true));
    }

    [Fact]
    public void Observer_Should_LeaveResultsBitIdentical_When_Installed()
    {
        // Given every entry point's result without an observer
        var plain = Products().Select(p => p.Run()).ToList();

        // When the same products run with an observer installed
        List<float[]> observed;
        long count = 0;
        Sgemm.Observer = _ => Interlocked.Increment(ref count);
        try
        {
            observed = Products().Select(p => p.Run()).ToList();
        }
        finally
        {
            Sgemm.Observer = null;
        }

        // Then every C is bit-for-bit the same
        count.Should().BeGreaterThanOrEqualTo(plain.Count);
        for (var i = 0; i < plain.Count; i++)
        {
            observed[i].Should().Equal(plain[i], $"product {i}");
        }
    }

    // One product per public entry point (the tile ones where the hardware has them), each returning its C.
    private static List<(SgemmCall Call, Func<float[]> Run)> Products()
    {
        var rng = new Random(5);
        var a = Rand(rng, 64 * 64);
        var b = Rand(rng, 64 * 64);
        var bias = Rand(rng, 64);
        float[] C(int size) => Rand(new Random(size), size);
        var products = new List<(SgemmCall, Func<float[]>)>
        {
            (new(SgemmEntry.Multiply, true, false, 29, 31, 17, false), () =>
            {
                var c = C(29 * 31);
                Sgemm.Multiply(true, false, 29, 31, 17, 0.5f, a, 0, 29, b, 0, 31, 1f, c, 0, 31);
                return c;
            }),
            (new(SgemmEntry.MultiplyBias, false, true, 27, 35, 19, false), () =>
            {
                var c = C(27 * 35);
                Sgemm.MultiplyBias(false, true, 27, 35, 19, a, 0, 19, b, 0, 19, bias, 0, c, 0, 35);
                return c;
            }),
            (new(SgemmEntry.MultiplySerial, true, true, 25, 33, 21, false), () =>
            {
                var c = C(25 * 33);
                Sgemm.MultiplySerial(true, true, 25, 33, 21, 1f, a, 0, 25, b, 0, 21, 0f, c, 0, 33);
                return c;
            }),
            (new(SgemmEntry.MultiplySerialPacked, false, false, 40, 64, 37, false), () =>
            {
                var c = C(40 * 64);
                Sgemm.MultiplySerial(false, 40, 64, 37, 1f, a, 0, 37, Sgemm.Pack(false, 37, 64, b, 0, 64), 0f, c, 0, 64);
                return c;
            }),
        };
        if (Sgemm.TileHardware)
        {
            products.Add((new(SgemmEntry.MultiplyTile, false, false, 24, 32, 23, false), () =>
            {
                var c = C(24 * 32);
                Sgemm.MultiplyTile(false, 24, 32, 23, a, 0, 23, b, 0, 32, false, c, 0, 32);
                return c;
            }));
            products.Add((new(SgemmEntry.MultiplyTilePacked, true, false, 16, 64, 22, false), () =>
            {
                var c = C(16 * 64);
                Sgemm.MultiplyTile(true, 16, 64, 22, a, 0, 16, Sgemm.PackTile(false, 22, 64, b, 0, 64), true, c, 0, 64);
                return c;
            }));
        }

        return products;
    }

    private static float[] Rand(Random rng, int n)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return x;
    }
}
