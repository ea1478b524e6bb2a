using Kosmo.Tensors.Kernels;
using Kosmo.Tensors.Optim;

namespace Kosmo.Tensors.Tests.Optim;

/// <summary>
/// The vectorised AdamW over parameters split between the tensor threads, and the parallel column sums behind bias
/// gradients, against plain ordered scalar loops: same bits at one and two threads.
/// </summary>
public sealed class ParallelStepTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AdamWStep_Should_EqualTheScalarFormula_When_ParametersAreLargeAndSplit(int threads)
    {
        // Given three parameters (45,013 elements: vector bodies, scalar tails, a split between threads) and two steps
        var rng = new Random(4);
        int[] sizes = [40_000, 13, 5_000];
        var ps = sizes.Select((n, i) => new Parameter($"p{i}", Rand(rng, n), n)).ToArray();
        var expected = ps.Select(p => p.ToArray()).ToArray();
        var grads = Enumerable.Range(0, 2).Select(_ => sizes.Select(n => Rand(rng, n)).ToArray()).ToArray();
        var saved = TensorThreads.Count;
        TensorThreads.Count = threads;
        try
        {
            // When AdamW (lr 1e-2, wd 0.1) steps with the given gradients
            var opt = new AdamW(ps, 0.01, weightDecay: 0.1);
            for (var s = 0; s < 2; s++)
            {
                opt.ZeroGrad();
                for (var i = 0; i < ps.Length; i++)
                {
                    grads[s][i].CopyTo(ps[i].GradBuffer(), 0);
                }

                opt.Step();
            }
        }
        finally
        {
            TensorThreads.Count = saved;
        }

        // Then every value equals the scalar loop's (same float operations in the same order)
        for (var i = 0; i < ps.Length; i++)
        {
            var m = new float[sizes[i]];
            var v = new float[sizes[i]];
            for (var s = 1; s <= 2; s++)
            {
                ScalarAdamW(expected[i], grads[s - 1][i], m, v, s);
            }

            ps[i].ToArray().Should().Equal(expected[i], $"parameter {i}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ColumnSums_Should_EqualRowByRowSums_When_ColumnsAreSplit(int threads)
    {
        // Given 3,000 rows of 96 columns (row stride 100, offset 7) and sums that already hold values
        var rng = new Random(6);
        var src = Rand(rng, (3000 * 100) + 7);
        var dst = Rand(rng, 101);
        var expected = (float[])dst.Clone();
        for (var r = 0; r < 3000; r++)
        {
            for (var c = 0; c < 96; c++)
            {
                expected[5 + c] += src[7 + (r * 100) + c];
            }
        }

        // When the rows are added column-range by column-range
        var saved = TensorThreads.Count;
        TensorThreads.Count = threads;
        try
        {
            ColumnSums.AddTo(src, 7, 3000 - 1, 96, 100, dst, 5);
            ColumnSums.AddTo(src, 7 + (2999 * 100), 1, 96, 100, dst, 5);
        }
        finally
        {
            TensorThreads.Count = saved;
        }

        // Then the sums equal the ordered loop exactly, and a range past the array is refused
        dst.Should().Equal(expected);
        var act = () => ColumnSums.AddTo(src, 7, 3000, 96, 100, dst, 10);
        act.Should().Throw<ArgumentException>().WithMessage("*does not fit*");
    }

    // PyTorch 1.13 AdamW (non-amsgrad), written out element by element.
    private static void ScalarAdamW(float[] p, float[] g, float[] m, float[] v, int step)
    {
        const double lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, wd = 0.1;
        float b1 = (float)beta1, b2 = (float)beta2;
        var stepSize = (float)(lr / (1 - Math.Pow(beta1, step)));
        var bc2 = (float)Math.Sqrt(1 - Math.Pow(beta2, step));
        var decay = (float)(1 - (lr * wd));
        for (var j = 0; j < p.Length; j++)
        {
            p[j] *= decay;
            m[j] = (m[j] * b1) + ((1 - b1) * g[j]);
            v[j] = (v[j] * b2) + ((1 - b2) * g[j] * g[j]);
            var denom = (MathF.Sqrt(v[j]) / bc2) + (float)eps;
            p[j] -= stepSize * (m[j] / denom);
        }
    }

    private static float[] Rand(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
}
