using System.Globalization;
using Kosmo.Backtest.Statistics;
using Kosmo.Testing;

namespace Kosmo.Backtest.Tests.Statistics;

/// <summary>
/// PBO by CSCV: hand-computed cases, the independent pure-Python reference (tools/pbo_reference.py) on a committed
/// matrix, and the no-skill property (the in-sample winner's out-of-sample rank is uniform, so PBO ≈ 1/2).
/// </summary>
public sealed class BacktestOverfittingTests
{
    [Fact]
    public void Cscv_Should_GivePboOne_When_TheInSampleWinnerIsAlwaysTheOutOfSampleLoser()
    {
        // Given two strategies whose halves swap: A wins the first half (Sharpe 1.414 vs 0.707) and B the second (1.414 vs 0)
        double[] a = [0.01, 0.03, -0.01, 0.01];
        double[] b = [0.00, 0.02, 0.01, 0.03];

        // When PBO is computed with two blocks (combinations {0} and {1} in sample)
        var r = BacktestOverfitting.Cscv([a, b], blocks: 2);

        // Then in both combinations the in-sample winner ranks last out of sample: ω = 1/3, λ = ln(1/2), PBO = 1
        r.Logits.Should().HaveCount(2);
        r.Logits.Should().AllSatisfy(l => l.Should().BeApproximately(Math.Log(0.5), 1e-12));
        r.Pbo.Should().Be(1.0);
        r.InSampleBest.Should().AllSatisfy(x => x.Should().BeApproximately(Math.Sqrt(2), 1e-9));
        r.OutOfSampleOfBest[0].Should().BeApproximately(0.0, 1e-12);
        r.OutOfSampleOfBest[1].Should().BeApproximately(Math.Sqrt(2) / 2, 1e-9);
        r.ProbabilityOfLoss.Should().Be(0.0);
        double.IsNaN(r.DegradationSlope).Should().BeTrue("the in-sample best Sharpe is the same in both combinations");
    }

    [Fact]
    public void Cscv_Should_GivePboZero_When_OneStrategyDominatesEverywhere()
    {
        // Given A = B + a constant edge on every day, and a third strategy that is pure noise around zero
        var rng = new Random(3);
        var b = Enumerable.Range(0, 400).Select(_ => (rng.NextDouble() - 0.5) * 0.02).ToArray();
        var a = b.Select(x => x + 0.01).ToArray();
        var c = Enumerable.Range(0, 400).Select(_ => (rng.NextDouble() - 0.5) * 0.02 - 0.005).ToArray();

        // When PBO is computed with 8 blocks
        var r = BacktestOverfitting.Cscv([b, a, c], blocks: 8);

        // Then A wins in sample and out of sample in all C(8,4) = 70 combinations: ω = 3/4, λ = ln 3, PBO = 0
        r.Logits.Should().HaveCount(70);
        r.Logits.Should().AllSatisfy(l => l.Should().BeApproximately(Math.Log(3), 1e-12));
        r.Pbo.Should().Be(0.0);
        r.ProbabilityOfLoss.Should().Be(0.0);
        r.Observations.Should().Be(400);
    }

    [Fact]
    public void Cscv_Should_MatchThePythonReference_When_GivenTheCommittedMatrix()
    {
        // Given the seeded 803 × 12 matrix and the values tools/pbo_reference.py computed from it
        var lines = File.ReadAllLines(TestData.Fixture("pbo", "returns.csv")).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var returns = Enumerable.Range(0, lines[0].Length).Select(n => lines.Select(row => row[n]).ToArray()).ToList();
        var reference = File.ReadLines(TestData.Fixture("pbo", "reference.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

        // When Kosmo computes PBO with the same blocks
        var r = BacktestOverfitting.Cscv(returns, (int)reference["blocks"]);

        // Then PBO, the degradation line, the probability of loss and every logit agree
        r.Observations.Should().Be(800, "the earliest 803 mod 8 = 3 dates are dropped");
        r.Pbo.Should().Be(reference["pbo"]);
        r.DegradationSlope.Should().BeApproximately(reference["slope"], 1e-9);
        r.DegradationIntercept.Should().BeApproximately(reference["intercept"], 1e-9);
        r.ProbabilityOfLoss.Should().Be(reference["prob_loss"]);
        r.Logits.Should().HaveCount(70);
        for (var k = 0; k < r.Logits.Length; k++)
        {
            r.Logits[k].Should().BeApproximately(reference[$"logit_{k}"], 1e-12, $"logit {k}");
        }

        r.Pbo.Should().BeGreaterThan(0.5, "the strategy whose edge reversed half-way wins in sample and loses out of sample");
    }

    [Fact]
    public void Cscv_Should_GiveAboutOneHalf_When_NoStrategyHasSkill()
    {
        // Given 40 independent no-skill strategies over 2,000 days, in 20 independent draws
        var pbos = new List<double>();
        for (var draw = 0; draw < 20; draw++)
        {
            var rng = new Random(100 + draw);
            var returns = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 2000).Select(_ => Normal(rng) * 0.01).ToArray()).ToList();
            pbos.Add(BacktestOverfitting.Cscv(returns, blocks: 10).Pbo);
        }

        // Then the in-sample winner's out-of-sample rank is uniform: PBO averages about 1/2
        pbos.Average().Should().BeInRange(0.35, 0.65);
    }

    [Theory]
    [InlineData(1, 10, 4, "*at least two strategies*")]
    [InlineData(3, 10, 3, "*blocks must be even*")]
    [InlineData(3, 10, 12, "*blocks must be even*")]
    public void Cscv_Should_Refuse_When_TheInputCannotBeSplit(int strategies, int days, int blocks, string message)
    {
        var returns = Enumerable.Range(0, strategies).Select(_ => new double[days]).ToList();
        var act = () => BacktestOverfitting.Cscv(returns, blocks);
        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Cscv_Should_Refuse_When_AReturnIsNotFinite()
    {
        var act = () => BacktestOverfitting.Cscv([[0.01, double.NaN, 0.0, 0.02], [0.0, 0.0, 0.01, 0.0]], blocks: 2);
        act.Should().Throw<ArgumentException>().WithMessage("*finite*");
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
