using Kosmo.Tensors;

namespace Kosmo.Tensors.Tests.Operations;

/// <summary>Ops.Permute against an index-by-index reference (forward and backward), and its allocation inside an arena.</summary>
public sealed class PermuteTests
{
    public static TheoryData<int[], int[]> Cases => new()
    {
        { [7], [0] },
        { [3, 5], [1, 0] },
        { [2, 3, 4], [2, 0, 1] },
        { [4, 6, 3, 2], [0, 2, 1, 3] },   // a Transformer's head split: (B, L, H, dh) -> (B, H, L, dh)
        { [3, 1, 4, 2], [3, 1, 0, 2] },
        { [5, 1, 3], [1, 2, 0] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Permute_Should_MatchTheIndexDefinition_When_AppliedAndBackPropagated(int[] shape, int[] perm)
    {
        // Given x of the shape with distinct values and an upstream gradient r of the output's shape
        var rng = new Random(shape.Sum() + perm[0]);
        var n = shape.Aggregate(1, (a, b) => a * b);
        var x = new Parameter("x", Enumerable.Range(0, n).Select(i => (float)i + 0.5f).ToArray(), shape);
        var outShape = perm.Select(p => shape[p]).ToArray();
        var r = Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();

        // When y = permute(x) and Σ r·y is back-propagated
        var y = Ops.Permute(x, perm);
        Ops.SumAll(Ops.Mul(y, new Tensor(r, outShape))).Backward();

        // Then y[o] = x[src(o)] with src from the output's multi-index, and ∂/∂x[src(o)] = r[o]
        y.ShapeRef.Should().Equal(outShape);
        for (var o = 0; o < n; o++)
        {
            var src = Source(o, shape, perm);
            y.Data[o].Should().Be(x.Data[src], $"y[{o}]");
            x.Grad![src].Should().Be(r[o], $"dx[{src}]");
        }
    }

    [Fact]
    public void Permute_Should_AllocateNothingLarge_When_RunInsideATensorArena()
    {
        // Given a (B, L, H, dh) = (128, 60, 4, 8) activation (a megabyte) and a warmed arena
        var x = new Tensor(new float[128 * 60 * 4 * 8], 128, 60, 4, 8);
        using (NoGrad.Scope())
        {
            using (TensorArena.Scope())
            {
                Ops.Permute(x, 0, 2, 1, 3);
            }

            // When it is permuted ten more times, each in its own arena scope
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10; i++)
            {
                using (TensorArena.Scope())
                {
                    Ops.Permute(x, 0, 2, 1, 3);
                }
            }

            // Then the buffers came from the arena: a few small objects per call, no index map of the tensor's size
            (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(10 * 4096);
        }
    }

    private static int Source(int o, int[] shape, int[] perm)
    {
        var r = shape.Length;
        var outShape = perm.Select(p => shape[p]).ToArray();
        var inStrides = new int[r];
        for (int i = r - 1, acc = 1; i >= 0; i--)
        {
            inStrides[i] = acc;
            acc *= shape[i];
        }

        var src = 0;
        for (var i = r - 1; i >= 0; i--)
        {
            src += o % outShape[i] * inStrides[perm[i]];
            o /= outShape[i];
        }

        return src;
    }
}
