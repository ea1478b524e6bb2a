using System.Globalization;
using Kosmo.Backtest.Optimization;
using Kosmo.Backtest.Synthetic;
using Kosmo.Testing;

namespace Kosmo.Backtest.Tests.Optimization;

public class OptimizationTests
{
    [Fact]
    public void Project_Should_ReturnTheClosestFeasiblePoint_When_ComparedWithRandomFeasiblePoints()
    {
        var rng = new SplitMix(7);
        for (var trial = 0; trial < 50; trial++)
        {
            // Given a random point and a cap
            const int n = 8;
            var cap = 0.2 + (0.3 * rng.Uniform());
            var v = Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
            var w = new double[n];

            // When projected
            CappedSimplex.Project(v, w, cap);

            // Then it is feasible and no random feasible point is closer
            w.Sum().Should().BeApproximately(1, 1e-12);
            w.Should().AllSatisfy(x => x.Should().BeInRange(0, cap));
            var best = Dist(v, w);
            for (var k = 0; k < 200; k++)
            {
                var y = new double[n];
                CappedSimplex.Project(Enumerable.Range(0, n).Select(_ => 3 * rng.Normal()).ToArray(), y, cap);
                Dist(v, y).Should().BeGreaterThanOrEqualTo(best - 1e-12);
            }
        }
    }

    [Fact]
    public void Solve_Should_SatisfyKktConditions_When_ProblemIsRandom()
    {
        var rng = new SplitMix(11);
        for (var trial = 0; trial < 20; trial++)
        {
            // Given a random PD covariance, expected returns and previous weights
            const int n = 12;
            const double cap = 0.15;
            var (mu, cov, w0) = Problem(rng, n, cap);

            // When
            var w = MeanVarianceOptimizer.Solve(mu, cov, w0, 3, 0.01, cap);

            // Then there is one multiplier ν with g_i = ν inside, g_i ≤ ν at 0 and g_i ≥ ν at the cap
            var g = new double[n];
            MeanVarianceOptimizer.Gradient(mu, cov, w0, w, 3, 0.01, g);
            var interior = Enumerable.Range(0, n).Where(i => w[i] > 1e-7 && w[i] < cap - 1e-7).ToList();
            interior.Should().NotBeEmpty();
            var nu = interior.Average(i => g[i]);
            foreach (var i in Enumerable.Range(0, n))
            {
                if (interior.Contains(i)) { g[i].Should().BeApproximately(nu, 1e-6); }
                else if (w[i] <= 1e-7) { g[i].Should().BeLessThanOrEqualTo(nu + 1e-6); }
                else { g[i].Should().BeGreaterThanOrEqualTo(nu - 1e-6); }
            }
        }
    }

    [Fact]
    public void Solve_Should_MatchBruteForce_When_ThreeAssetsOnAGrid()
    {
        // Given three assets, cap 0.5, and a fine grid over the capped simplex
        double[] mu = [0.010, 0.012, 0.006];
        double[] cov = [0.0009, 0.0003, 0.0001, 0.0003, 0.0016, 0.0002, 0.0001, 0.0002, 0.0004];
        double[] w0 = [0.2, 0.3, 0.5];
        var best = double.NegativeInfinity;
        for (var a = 0; a <= 1000; a++)
        {
            for (var b = 0; b <= 1000 - a; b++)
            {
                double[] y = [a / 1000.0, b / 1000.0, (1000 - a - b) / 1000.0];
                if (y.Any(x => x > 0.5 + 1e-12)) { continue; }
                best = Math.Max(best, MeanVarianceOptimizer.Objective(mu, cov, w0, y, 4, 0.005));
            }
        }

        // When
        var w = MeanVarianceOptimizer.Solve(mu, cov, w0, 4, 0.005, 0.5);

        // Then the solver is at least as good as the grid and within the grid's resolution of it
        var f = MeanVarianceOptimizer.Objective(mu, cov, w0, w, 4, 0.005);
        f.Should().BeGreaterThanOrEqualTo(best - 1e-12);
        f.Should().BeLessThan(best + 1e-5);
    }

    [Fact]
    public void Solve_Should_MatchBruteForce_When_TurnoverCostIsLinear()
    {
        // Given three assets, a linear cost of 0.3% per unit of turnover, and a fine grid over the capped simplex
        double[] mu = [0.010, 0.012, 0.006];
        double[] cov = [0.0009, 0.0003, 0.0001, 0.0003, 0.0016, 0.0002, 0.0001, 0.0002, 0.0004];
        double[] w0 = [0.2, 0.3, 0.5];
        var best = double.NegativeInfinity;
        for (var a = 0; a <= 1000; a++)
        {
            for (var b = 0; b <= 1000 - a; b++)
            {
                double[] y = [a / 1000.0, b / 1000.0, (1000 - a - b) / 1000.0];
                if (y.Any(x => x > 0.6 + 1e-12)) { continue; }
                best = Math.Max(best, MeanVarianceOptimizer.Objective(mu, cov, w0, y, 4, 0, 0.003));
            }
        }

        // When
        var w = MeanVarianceOptimizer.Solve(mu, cov, w0, 4, 0, 0.6, linearCost: 0.003);

        // Then
        var f = MeanVarianceOptimizer.Objective(mu, cov, w0, w, 4, 0, 0.003);
        f.Should().BeGreaterThanOrEqualTo(best - 1e-12);
        f.Should().BeLessThan(best + 1e-5);
        w.Sum().Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Prox_Should_StayAtTheAnchor_When_LinearCostIsLarge()
    {
        // Given an anchor on the set and a cost larger than any move pays
        double[] anchor = [0.3, 0.3, 0.4];
        var w = new double[3];

        CappedSimplex.Prox([0.5, 0.2, 0.3], w, 0.5, anchor, 1.0);

        w.Should().Equal([0.3, 0.3, 0.4], (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void Estimate_Should_KeepVariancesAndUseMeanCorrelation_When_FullyShrunk()
    {
        // Given two assets with returns whose sample covariance is known by hand
        double[] r = [0.01, 0.02, -0.01, 0.00, 0.02, 0.01, 0.00, -0.02]; // rows: (a, b)
        var sample = ShrunkCovariance.Estimate(r, 4, 2, 0);
        var shrunk = ShrunkCovariance.Estimate(r, 4, 2, 1);

        // Then: means a = 0.005, b = 0.0025; var a = (0.005²+0.015²+0.015²+0.005²)/3
        sample[0].Should().BeApproximately(0.0005 / 3, 1e-15);
        sample[1].Should().BeApproximately(((0.005 * 0.0175) + (-0.015 * -0.0025) + (0.015 * 0.0075) + (-0.005 * -0.0225)) / 3, 1e-15);
        // Two assets: the mean correlation is their correlation, so the constant-correlation target equals S
        shrunk.Should().Equal(sample, (x, y) => Math.Abs(x - y) < 1e-15);
    }

    [Fact]
    public void LedoitWolfIntensity_Should_MatchTheNumpyReference_When_GivenTheFixtureReturns()
    {
        // Given (60, 6) returns and δ from tools/backtest_covariance_reference.py
        var lines = File.ReadAllLines(TestData.Fixture("backtest", "lw_returns.csv"));
        var r = lines.SelectMany(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        var expected = double.Parse(File.ReadAllLines(TestData.Fixture("backtest", "lw_reference.csv"))[1].Split(',')[1], CultureInfo.InvariantCulture);

        // When
        var delta = ShrunkCovariance.LedoitWolfIntensity(r, lines.Length, 6);
        var estimated = ShrunkCovariance.Estimate(r, lines.Length, 6, null);
        var manual = ShrunkCovariance.Estimate(r, lines.Length, 6, delta);

        // Then
        delta.Should().BeApproximately(expected, 1e-12);
        estimated.Should().Equal(manual);
    }

    private static (double[] Mu, double[] Cov, double[] W0) Problem(SplitMix rng, int n, double cap)
    {
        var a = Enumerable.Range(0, n * n).Select(_ => 0.01 * rng.Normal()).ToArray();
        var cov = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var k = 0; k < n; k++) { cov[(i * n) + j] += a[(i * n) + k] * a[(j * n) + k]; }
                if (i == j) { cov[(i * n) + j] += 1e-4; }
            }
        }

        var mu = Enumerable.Range(0, n).Select(_ => 0.002 * rng.Normal()).ToArray();
        var w0 = new double[n];
        CappedSimplex.Project(Enumerable.Range(0, n).Select(_ => rng.Uniform()).ToArray(), w0, cap);
        return (mu, cov, w0);
    }

    private static double Dist(double[] a, double[] b) => Math.Sqrt(a.Zip(b).Sum(p => (p.First - p.Second) * (p.First - p.Second)));
}
