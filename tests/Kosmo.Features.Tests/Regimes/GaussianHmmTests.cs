using Kosmo.Features.Regimes;

namespace Kosmo.Features.Tests.Regimes;

public sealed class GaussianHmmTests
{
    [Fact]
    public void Fit_Should_RecoverMeansTransitionsAndPath_When_DataComeFromAKnownThreeStateHmm()
    {
        // Given 4,000 observations from a known 3-state, 2-D full-covariance HMM
        var truth = HmmSimulator.ThreeStateModel();
        var (states, obs) = HmmSimulator.Sample(truth, 4000, seed: 11);

        // When a 3-state HMM is fitted from k-means++ starts
        var fit = GaussianHmmTrainer.Fit(obs, new GaussianFitOptions(States: 3, Restarts: 3, Seed: 5));
        var model = fit.Model;

        // Then (states ordered by ascending variance, as the truth is) the parameters are recovered
        for (var i = 0; i < 3; i++)
        {
            for (var a = 0; a < 2; a++)
            {
                model.Means[i][a].Should().BeApproximately(truth.Means[i][a], 0.10, $"mean of state {i}, dim {a}");
                model.Covariances[i][a][a].Should().BeApproximately(truth.Covariances[i][a][a], 0.25 * truth.Covariances[i][a][a], $"variance of state {i}, dim {a}");
            }

            for (var j = 0; j < 3; j++)
            {
                model.Transition[i][j].Should().BeApproximately(truth.Transition[i][j], 0.03, $"A[{i}][{j}]");
            }
        }

        // And the Viterbi path matches the true path on more than 95% of days
        var path = model.Viterbi(obs);
        var accuracy = path.Zip(states).Count(p => p.First == p.Second) / (double)states.Length;
        accuracy.Should().BeGreaterThan(0.95);

        // And the fitted log-likelihood is at least that of the true parameters (the MLE beats the truth in-sample)
        fit.LogLikelihood.Should().BeGreaterThanOrEqualTo(truth.LogLikelihood(obs));
        fit.Converged.Should().BeTrue();
    }

    [Fact]
    public void Fit_Should_IncreaseLogLikelihoodMonotonically_When_RunningBaumWelch()
    {
        // Given data from the known model and a diagonal-covariance fit with several starts
        var (_, obs) = HmmSimulator.Sample(HmmSimulator.ThreeStateModel(), 1500, seed: 3);
        foreach (var type in new[] { CovarianceType.Full, CovarianceType.Diagonal })
        {
            // When Baum–Welch runs
            var fit = GaussianHmmTrainer.Fit(obs, new GaussianFitOptions(States: 3, Covariance: type, Restarts: 2, Seed: 9, VarianceFloor: 1e-6));

            // Then every iterate's log-likelihood is >= the previous one (up to rounding)
            fit.History.Count.Should().BeGreaterThan(3);
            for (var k = 1; k < fit.History.Count; k++)
            {
                fit.History[k].Should().BeGreaterThanOrEqualTo(fit.History[k - 1] - 1e-8 * Math.Abs(fit.History[k - 1]), $"{type} iterate {k}");
            }

            fit.History[^1].Should().BeApproximately(fit.LogLikelihood, 1e-9 * Math.Abs(fit.LogLikelihood));
        }
    }

    [Fact]
    public void Fit_Should_KeepCovariancesDiagonal_When_DiagonalTypeIsChosen()
    {
        // Given data with correlated dimensions
        var (_, obs) = HmmSimulator.Sample(HmmSimulator.ThreeStateModel(), 600, seed: 4);

        // When fitted with diagonal covariances and a large floor
        var fit = GaussianHmmTrainer.Fit(obs, new GaussianFitOptions(States: 2, Covariance: CovarianceType.Diagonal, VarianceFloor: 0.5, Restarts: 1));

        // Then off-diagonals are 0 and every variance respects the floor
        foreach (var cov in fit.Model.Covariances)
        {
            cov[0][1].Should().Be(0);
            cov[1][0].Should().Be(0);
            cov[0][0].Should().BeGreaterThanOrEqualTo(0.5);
            cov[1][1].Should().BeGreaterThanOrEqualTo(0.5);
        }
    }

    [Fact]
    public void Fit_Should_BeDeterministic_When_SeedIsFixed()
    {
        // Given the same data and seed twice
        var (_, obs) = HmmSimulator.Sample(HmmSimulator.ThreeStateModel(), 500, seed: 8);
        var options = new GaussianFitOptions(States: 3, Restarts: 2, Seed: 42);

        // When fitted twice
        var a = GaussianHmmTrainer.Fit(obs, options).Model;
        var b = GaussianHmmTrainer.Fit(obs, options).Model;

        // Then the parameters are bitwise equal
        a.Means.SelectMany(r => r).Should().Equal(b.Means.SelectMany(r => r));
        a.Transition.SelectMany(r => r).Should().Equal(b.Transition.SelectMany(r => r));
    }

    [Fact]
    public void FilteredProbabilities_Should_EqualBruteForceEnumeration_When_SequenceIsTiny()
    {
        // Given a 2-state 1-D model and 5 observations, one missing
        var model = new GaussianHmm([0.7, 0.3], [[0.8, 0.2], [0.3, 0.7]], [[0.0], [2.0]], [[[1.0]], [[0.5]]]);
        double[][] obs = [[0.1], [1.7], [double.NaN], [2.4], [-0.3]];

        // When the causal forward pass runs
        var filtered = model.FilteredProbabilities(obs);

        // Then P(s_t | x_1..t) equals the sum over all 2^(t+1) explicit state paths
        for (var t = 0; t < obs.Length; t++)
        {
            var mass = new double[2];
            for (var code = 0; code < 1 << (t + 1); code++)
            {
                var p = 1.0;
                for (var u = 0; u <= t; u++)
                {
                    var s = (code >> u) & 1;
                    p *= u == 0 ? model.Initial[s] : model.Transition[(code >> (u - 1)) & 1][s];
                    if (!double.IsNaN(obs[u][0]))
                    {
                        var v = model.Covariances[s][0][0];
                        var d = obs[u][0] - model.Means[s][0];
                        p *= Math.Exp(-0.5 * d * d / v) / Math.Sqrt(2 * Math.PI * v);
                    }
                }

                mass[(code >> t) & 1] += p;
            }

            filtered[t][0].Should().BeApproximately(mass[0] / (mass[0] + mass[1]), 1e-12, $"t = {t}");
            filtered[t][1].Should().BeApproximately(mass[1] / (mass[0] + mass[1]), 1e-12, $"t = {t}");
        }
    }

    [Fact]
    public void FilteredProbabilities_Should_IgnoreLaterObservations_When_FutureRowsChange()
    {
        // Given a sequence and a copy whose rows after t = 99 are replaced by noise
        var model = HmmSimulator.ThreeStateModel();
        var (_, obs) = HmmSimulator.Sample(model, 200, seed: 2);
        var changed = obs.Select((r, t) => t > 99 ? new[] { r[0] * 3 + 5, -r[1] } : r).ToArray();

        // When both are filtered (and smoothed, for contrast)
        var a = model.FilteredProbabilities(obs);
        var b = model.FilteredProbabilities(changed);

        // Then filtered rows 0..99 are bitwise equal, while the smoothed ones move
        for (var t = 0; t <= 99; t++)
        {
            b[t].Should().Equal(a[t]);
        }

        model.SmoothedProbabilities(changed)[99].Should().NotEqual(model.SmoothedProbabilities(obs)[99]);
    }

    [Fact]
    public void Permute_Should_ReorderFilteredProbabilities_When_StatesAreRenumbered()
    {
        // Given a model and the same model with states reversed
        var model = HmmSimulator.ThreeStateModel();
        var (_, obs) = HmmSimulator.Sample(model, 50, seed: 1);
        var reversed = model.Permute([2, 1, 0]);

        // When both filter the same data
        var a = model.FilteredProbabilities(obs);
        var b = reversed.FilteredProbabilities(obs);

        // Then columns are swapped and the likelihood is unchanged
        for (var t = 0; t < obs.Length; t++)
        {
            b[t][0].Should().BeApproximately(a[t][2], 1e-12);
            b[t][2].Should().BeApproximately(a[t][0], 1e-12);
        }

        reversed.LogLikelihood(obs).Should().BeApproximately(model.LogLikelihood(obs), 1e-9);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Fit_Should_ReturnAValidModelOrderedByVariance_When_StateCountDiffersFromTheTruth(int states)
    {
        // Given 3-state data
        var (_, obs) = HmmSimulator.Sample(HmmSimulator.ThreeStateModel(), 1200, seed: 6);

        // When fitted with 2 or 4 states
        var model = GaussianHmmTrainer.Fit(obs, new GaussianFitOptions(States: states, Restarts: 2, Seed: 1)).Model;

        // Then the model has that many states, stochastic rows, and states sorted by ascending trace of Σ
        model.StateCount.Should().Be(states);
        model.Transition.Should().OnlyContain(r => Math.Abs(r.Sum() - 1) < 1e-9);
        model.TotalVariances().Should().BeInAscendingOrder();
        model.FilteredProbabilities(obs).Should().OnlyContain(r => Math.Abs(r.Sum() - 1) < 1e-9);
    }

    [Fact]
    public void Constructor_Should_Throw_When_TransitionRowDoesNotSumToOne()
    {
        var act = () => new GaussianHmm([1.0], [[0.9]], [[0.0]], [[[1.0]]]);
        act.Should().Throw<ArgumentException>().WithMessage("*transition row 0*");
    }
}
