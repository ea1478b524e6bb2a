using System.Text.Json;
using Kosmo.Features.Regimes;
using Kosmo.Testing;

namespace Kosmo.Features.Tests.Regimes;

/// <summary>
/// Compares the C# HMM and mixture with tools/regimes_reference.py (numpy, log-space forward–backward) on the
/// committed fixture tests/fixtures/regimes/hmm_reference.json.
/// </summary>
public sealed class RegimeReferenceTests
{
    private static readonly Lazy<JsonElement> _fixture = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestData.Fixture("regimes", "hmm_reference.json"))).RootElement);

    private static JsonElement F => _fixture.Value;

    [Fact]
    public void ForwardBackward_Should_MatchNumpyReference_When_ModelAndSequenceAreFixed()
    {
        // Given the fixture's model and 60 observations (one partly, one fully missing)
        var model = Hmm();
        var obs = Matrix(F.GetProperty("observations"));

        // When likelihood, filtered, smoothed and Viterbi are computed
        var ll = model.LogLikelihood(obs);
        var filtered = model.FilteredProbabilities(obs);
        var smoothed = model.SmoothedProbabilities(obs);
        var path = model.Viterbi(obs);

        // Then all equal the numpy log-space values
        ll.Should().BeApproximately(F.GetProperty("log_likelihood").GetDouble(), 1e-9);
        AssertClose(filtered, Matrix(F.GetProperty("filtered")), 1e-10);
        AssertClose(smoothed, Matrix(F.GetProperty("smoothed")), 1e-10);
        path.Should().Equal(F.GetProperty("viterbi").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void BaumWelchStep_Should_MatchNumpyReference_When_StartingFromTheFixtureModel()
    {
        // Given the fixture model and observations
        var obs = Matrix(F.GetProperty("observations"));
        var floor = F.GetProperty("floor").GetDouble();

        // When one Baum–Welch update runs
        var (next, ll) = GaussianHmmTrainer.Step(Hmm(), obs, CovarianceType.Full, floor);

        // Then π, A, μ, Σ equal the reference update
        ll.Should().BeApproximately(F.GetProperty("log_likelihood").GetDouble(), 1e-9);
        next.Initial.Should().Equal(Vector(F.GetProperty("step_initial")), (a, b) => Math.Abs(a - b) < 1e-10);
        AssertClose(next.Transition, Matrix(F.GetProperty("step_transition")), 1e-10);
        AssertClose(next.Means, Matrix(F.GetProperty("step_means")), 1e-10);
        for (var i = 0; i < 3; i++)
        {
            AssertClose(next.Covariances[i], Matrix(F.GetProperty("step_covariances")[i]), 1e-10);
        }
    }

    [Fact]
    public void MixtureEmStep_Should_MatchNumpyReference_When_StartingFromFixedComponents()
    {
        // Given a fixed 3-component mixture on the fixture's rows
        var mixture = new GaussianMixture(Vector(F.GetProperty("gmm_weights")), Matrix(F.GetProperty("means")), Cube(F.GetProperty("covariances")));
        var obs = Matrix(F.GetProperty("observations"));

        // When responsibilities, likelihood and one EM update are computed
        var resp = mixture.Responsibilities(obs);
        var (next, ll) = GaussianMixture.Step(mixture, obs, CovarianceType.Full, F.GetProperty("floor").GetDouble());

        // Then they equal the numpy reference
        ll.Should().BeApproximately(F.GetProperty("gmm_log_likelihood").GetDouble(), 1e-9);
        AssertClose(resp, Matrix(F.GetProperty("gmm_responsibilities")), 1e-10);
        next.Weights.Should().Equal(Vector(F.GetProperty("gmm_step_weights")), (a, b) => Math.Abs(a - b) < 1e-10);
        AssertClose(next.Means, Matrix(F.GetProperty("gmm_step_means")), 1e-10);
        for (var i = 0; i < 3; i++)
        {
            AssertClose(next.Covariances[i], Matrix(F.GetProperty("gmm_step_covariances")[i]), 1e-10);
        }
    }

    private static GaussianHmm Hmm() => new(
        Vector(F.GetProperty("initial")), Matrix(F.GetProperty("transition")), Matrix(F.GetProperty("means")), Cube(F.GetProperty("covariances")));

    private static double[] Vector(JsonElement e) =>
        e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray();

    private static double[][] Matrix(JsonElement e) => e.EnumerateArray().Select(Vector).ToArray();

    private static double[][][] Cube(JsonElement e) => e.EnumerateArray().Select(Matrix).ToArray();

    private static void AssertClose(double[][] actual, double[][] expected, double tol)
    {
        actual.Length.Should().Be(expected.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            for (var j = 0; j < expected[i].Length; j++)
            {
                actual[i][j].Should().BeApproximately(expected[i][j], tol, $"[{i}][{j}]");
            }
        }
    }
}
