using Kosmo.Tensors;

namespace Kosmo.Tensors.Tests.Operations;

/// <summary>Ops.MaxPool1d's routing of gradients to each window's maximum, and its allocation inside an arena.</summary>
public sealed class MaxPoolTests
{
    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 1)] // overlapping windows: one input can win several
    [InlineData(3, 2)]
    public void MaxPool_Should_PassEachGradientToItsWindowsMaximum_When_BackPropagated(int kernel, int stride)
    {
        // Given x (2, 3, 11) with distinct values and an upstream gradient r
        var rng = new Random(kernel * 10 + stride);
        var values = Enumerable.Range(0, 2 * 3 * 11).Select(_ => (float)rng.NextDouble()).ToArray();
        var x = new Parameter("x", values, 2, 3, 11);
        var lout = ((11 - kernel) / stride) + 1;
        var r = Enumerable.Range(0, 6 * lout).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();

        // When y = maxpool(x) and Σ r·y is back-propagated
        var y = Ops.MaxPool1d(x, kernel, stride);
        Ops.SumAll(Ops.Mul(y, new Tensor(r, 2, 3, lout))).Backward();

        // Then y is each window's maximum and ∂/∂x sums r over the windows each input wins
        var expected = new double[values.Length];
        for (var row = 0; row < 6; row++)
        {
            for (var o = 0; o < lout; o++)
            {
                var start = (row * 11) + (o * stride);
                var best = Enumerable.Range(start, kernel).OrderByDescending(i => values[i]).ThenBy(i => i).First();
                y.Data[(row * lout) + o].Should().Be(values[best]);
                expected[best] += r[(row * lout) + o];
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            x.Grad![i].Should().BeApproximately((float)expected[i], 1e-6f);
        }
    }

    [Fact]
    public void MaxPool_Should_AllocateNothingLarge_When_RunInsideATensorArena()
    {
        // Given a (B, C, L) = (128, 32, 60) activation and a warmed arena
        var x = new Tensor(new float[128 * 32 * 60], 128, 32, 60);
        using (NoGrad.Scope())
        {
            using (TensorArena.Scope())
            {
                Ops.MaxPool1d(x, 2, 2);
            }

            // When it is pooled ten more times, each in its own arena scope
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10; i++)
            {
                using (TensorArena.Scope())
                {
                    Ops.MaxPool1d(x, 2, 2);
                }
            }

            // Then no per-call argmax map (half a megabyte each before) was allocated
            (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(10 * 4096);
        }
    }
}
