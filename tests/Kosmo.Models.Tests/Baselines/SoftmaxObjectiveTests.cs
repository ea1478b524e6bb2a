using Kosmo.Models.Abstractions;
using Kosmo.Models.Baselines;
using Kosmo.Models.Evaluation;

namespace Kosmo.Models.Tests.Baselines;

public sealed class SoftmaxObjectiveTests
{
    private const int Features = 37;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void GradientAndHessian_Should_EqualThePlainLoopBitForBit_When_SplitOverThreads(int threads)
    {
        // Given 1,500 weighted rows of 37 features (p = 38 with the intercept), 3 classes and a non-zero θ
        var (design, p, rows, labels, omega) = Problem(1_500, seed: 5);
        var objective = new SoftmaxObjective(design, p, rows, labels, omega, l2: 1e-3);
        var rng = new SplitMix64(9);
        var theta = Enumerable.Range(0, 3 * p).Select(_ => (rng.NextDouble() - 0.5) * 0.2).ToArray();

        // When the Hessian is accumulated in row bands by the given number of threads
        var (g, h) = objective.GradientAndHessian(theta, threads);

        // Then gradient and Hessian are the plain scalar loop's, to the last bit
        var (gRef, hRef) = PlainLoop(design, p, rows, labels, omega, 1e-3, theta);
        g.Should().Equal(gRef);
        h.Should().Equal(hRef);
    }

    [Fact]
    public void Fit_Should_GiveIdenticalCoefficients_When_ThreadsDiffer()
    {
        // Given a 3-class problem with 37 features
        var set = Set(4_000, seed: 11);

        // When fitting with 1 and with 2 threads
        var one = new LogisticRegressionClassifier("logit", new LogisticRegressionOptions(Threads: 1));
        var two = new LogisticRegressionClassifier("logit", new LogisticRegressionOptions(Threads: 2));
        one.Fit(set);
        two.Fit(set);

        // Then the Newton path and the coefficients are the same bit for bit
        two.Iterations.Should().Be(one.Iterations);
        two.Coefficients.Should().Equal(one.Coefficients);
        one.Converged.Should().BeTrue();
    }

    [Theory]
    [InlineData(5, 4)]
    [InlineData(38, 2)]
    [InlineData(61, 2)]
    [InlineData(61, 3)]
    [InlineData(200, 16)]
    public void RowBands_Should_CoverEveryRowOnceWithBalancedArea_When_Split(int p, int threads)
    {
        // When splitting p feature rows (row a costs a + 1) for the threads
        var bounds = SoftmaxObjective.RowBands(p, threads);

        // Then the bands are increasing, start at 0, end at p, and none carries more than its share plus one row
        bounds[0].Should().Be(0);
        bounds[^1].Should().Be(p);
        bounds.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        var bands = bounds.Length - 1;
        bands.Should().BeLessThanOrEqualTo(threads);
        var total = (double)p * (p + 1) / 2;
        for (var t = 0; t < bands; t++)
        {
            var area = Area(bounds[t + 1]) - Area(bounds[t]);
            area.Should().BeLessThanOrEqualTo((total / bands) + p, $"band {t} of {bands}");
        }
    }

    private static double Area(int a) => (double)a * (a + 1) / 2;

    private static (double[] Design, int P, int[] Rows, int[] Labels, double[] Omega) Problem(int n, int seed)
    {
        var p = Features + 1;
        var rng = new SplitMix64((ulong)seed);
        var design = new double[n * p];
        var labels = new int[n];
        var omega = new double[n];
        for (var i = 0; i < n; i++)
        {
            design[i * p] = 1;
            for (var f = 1; f < p; f++)
            {
                design[(i * p) + f] = rng.NextDouble() * 2 - 1;
            }

            labels[i] = (int)(rng.NextDouble() * 3);
            omega[i] = 0.5 + rng.NextDouble();
        }

        return (design, p, Enumerable.Range(0, n).ToArray(), labels, omega);
    }

    private static TabularSet Set(int n, int seed)
    {
        var rng = new SplitMix64((ulong)seed);
        var x = new float[n * Features];
        var y = new int[n];
        var w = new float[n];
        for (var i = 0; i < n; i++)
        {
            double z = 0;
            for (var f = 0; f < Features; f++)
            {
                x[(i * Features) + f] = (float)(rng.NextDouble() * 2 - 1);
                z += (f % 5 == 0 ? 0.8 : 0.0) * x[(i * Features) + f];
            }

            z += rng.NextDouble() - 0.5;
            y[i] = z < -0.3 ? 0 : z > 0.3 ? 2 : 1;
            w[i] = (float)(0.5 + rng.NextDouble());
        }

        var start = new DateOnly(2015, 1, 1);
        return new TabularSet([.. Enumerable.Range(0, Features).Select(k => $"f{k}")], x, y, w,
            [.. Enumerable.Range(0, n).Select(i => start.AddDays(i / 50))], [.. Enumerable.Range(0, n).Select(i => $"{i % 50:D6}")]);
    }

    /// <summary>The objective's derivatives as one plain scalar loop (the formula, no bands, no vectors).</summary>
    private static (double[] G, double[] H) PlainLoop(double[] design, int p, int[] rows, int[] labels, double[] omega, double l2, double[] theta)
    {
        const int C = 3;
        var n = C * p;
        var g = new double[n];
        var h = new double[n * n];
        var probs = new double[C];
        var omegaSum = omega.Sum();
        foreach (var i in rows)
        {
            var x = design.AsSpan(i * p, p);
            SoftmaxObjective.Probabilities(theta, x, probs);
            var w = omega[i] / omegaSum;
            for (var k = 0; k < C; k++)
            {
                var e = w * (probs[k] - (labels[i] == k ? 1.0 : 0.0));
                for (var f = 0; f < p; f++)
                {
                    g[(k * p) + f] += e * x[f];
                }
            }

            for (var k = 0; k < C; k++)
            {
                for (var l = 0; l <= k; l++)
                {
                    var c = w * probs[k] * ((k == l ? 1.0 : 0.0) - probs[l]);
                    for (var a = 0; a < p; a++)
                    {
                        for (var b = 0; b <= a; b++)
                        {
                            h[(((k * p) + a) * n) + (l * p) + b] += c * (x[a] * x[b]);
                        }
                    }
                }
            }
        }

        for (var k = 0; k < C; k++)
        {
            for (var l = 0; l <= k; l++)
            {
                for (var a = 0; a < p; a++)
                {
                    for (var b = 0; b < p; b++)
                    {
                        var v = b <= a ? h[(((k * p) + a) * n) + (l * p) + b] : h[(((k * p) + b) * n) + (l * p) + a];
                        h[(((k * p) + a) * n) + (l * p) + b] = v;
                        h[(((l * p) + b) * n) + (k * p) + a] = v;
                    }
                }
            }
        }

        for (var k = 0; k < C; k++)
        {
            for (var f = 1; f < p; f++)
            {
                g[(k * p) + f] += l2 * theta[(k * p) + f];
                h[((k * p) + f) * n + (k * p) + f] += l2;
            }
        }

        return (g, h);
    }
}
