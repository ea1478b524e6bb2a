using Kosmo.Tensors;

namespace Kosmo.Tensors.Tests.Operations;

/// <summary>Ops.Dropout's mask generated in parallel chunks is the serial SplitMix64 stream, for any thread count.</summary>
public sealed class DropoutStreamTests
{
    [Fact]
    public void Dropout_Should_DrawTheSerialSplitMix64Mask_When_SplitOverThreads()
    {
        // Given 100,003 ones (three 32K chunks and a tail) and p = 0.3
        const float p = 0.3f;
        var ones = Enumerable.Repeat(1f, 100_003).ToArray();
        var saved = TensorThreads.Count;
        try
        {
            // When dropped with one and with two threads from equally seeded generators
            TensorThreads.Count = 1;
            float[] one;
            float[] two;
            using (NoGrad.Scope())
            {
                one = Ops.Dropout(new Tensor(ones, ones.Length), p, new Random(5)).ToArray();
                TensorThreads.Count = 2;
                two = Ops.Dropout(new Tensor(ones, ones.Length), p, new Random(5)).ToArray();
            }

            // Then both equal the serial definition: state = seed + (i + 1)·γ, SplitMix64 mix, drop when z >> 11 < p·2⁵³
            var state = (ulong)new Random(5).NextInt64();
            var threshold = (ulong)(p * 9007199254740992.0);
            var expected = new float[ones.Length];
            for (var i = 0; i < expected.Length; i++)
            {
                state += 0x9E3779B97F4A7C15UL;
                var z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                expected[i] = (z >> 11) < threshold ? 0f : 1f / (1f - p);
            }

            one.Should().Equal(expected);
            two.Should().Equal(expected);
            (one.Count(v => v == 0f) / (double)one.Length).Should().BeInRange(0.29, 0.31);
        }
        finally
        {
            TensorThreads.Count = saved;
        }
    }
}
