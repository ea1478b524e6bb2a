using Kosmo.Features.Regimes;

namespace Kosmo.Features.Tests.Regimes;

public sealed class GaussianMixtureTests
{
    private static GaussianMixture Truth() => new(
        [0.5, 0.3, 0.2],
        [[0.0, 0.0], [3.0, 1.0], [-2.0, 4.0]],
        [[[0.2, 0.05], [0.05, 0.3]], [[0.5, -0.1], [-0.1, 0.4]], [[1.2, 0.2], [0.2, 0.9]]]);

    [Fact]
    public void Fit_Should_RecoverWeightsAndMeans_When_DataComeFromAKnownMixture()
    {
        // Given 3,000 draws from a known 3-component mixture
        var truth = Truth();
        var (comps, obs) = HmmSimulator.Sample(truth, 3000, seed: 21);

        // When a 3-component mixture is fitted
        var fit = GaussianMixture.Fit(obs, new GaussianFitOptions(States: 3, Restarts: 3, Seed: 1));

        // Then weights within 0.03, means within 0.1, variances within 20%, labels right on > 95% of rows
        for (var k = 0; k < 3; k++)
        {
            fit.Model.Weights[k].Should().BeApproximately(truth.Weights[k], 0.03);
            for (var a = 0; a < 2; a++)
            {
                fit.Model.Means[k][a].Should().BeApproximately(truth.Means[k][a], 0.1);
                fit.Model.Covariances[k][a][a].Should().BeApproximately(truth.Covariances[k][a][a], 0.2 * truth.Covariances[k][a][a]);
            }
        }

        var predicted = fit.Model.Predict(obs);
        (predicted.Zip(comps).Count(p => p.First == p.Second) / 3000.0).Should().BeGreaterThan(0.95);
    }

    [Fact]
    public void Fit_Should_IncreaseLogLikelihoodMonotonically_When_RunningEm()
    {
        // Given draws from the mixture
        var (_, obs) = HmmSimulator.Sample(Truth(), 1000, seed: 5);

        // When EM runs (full and diagonal)
        foreach (var type in new[] { CovarianceType.Full, CovarianceType.Diagonal })
        {
            var fit = GaussianMixture.Fit(obs, new GaussianFitOptions(States: 3, Covariance: type, Restarts: 2, VarianceFloor: 1e-6, Seed: 3));

            // Then the log-likelihood never decreases
            for (var k = 1; k < fit.History.Count; k++)
            {
                fit.History[k].Should().BeGreaterThanOrEqualTo(fit.History[k - 1] - 1e-8 * Math.Abs(fit.History[k - 1]), $"{type} iterate {k}");
            }
        }
    }

    [Fact]
    public void Responsibilities_Should_StayFinite_When_RowIsFarFromEveryComponent()
    {
        // Given a row 1,000 standard deviations away (plain exp would underflow to 0/0)
        var mixture = Truth();

        // When responsibilities are computed with log-sum-exp
        var resp = mixture.Responsibilities([[1000.0, -1000.0]]);

        // Then they are finite and sum to 1
        resp[0].Should().OnlyContain(v => double.IsFinite(v));
        resp[0].Sum().Should().BeApproximately(1.0, 1e-12);
    }
}
