using Kosmo.Models.Zoo;

namespace Kosmo.Models.Tests.Zoo;

public sealed class RegimeExpertClassifierTests
{
    // Features: 0, 1 ordinary; 2, 3, 4 = regime_p0..p2.
    private static readonly int[] _regimes = [2, 3, 4];
    private static readonly float[] _lastDay = [0.2f, 0.5f, 0.3f];
    private static readonly float[] _columns = [0f, 0f, 0.3f, 0.45f, 0.25f];
    private static readonly float[] _regimeCycle = [0.6f, 0.3f, 0.1f];

    [Fact]
    public void Forward_Should_PassGradientCheck_When_TinyInstance()
    {
        var batch = ZooData.Build(2, 4, 5, (i, l, k) => k >= 2 ? Regime(i + l, k - 2) : MathF.Cos((i * 3) + l + k), i => i % 3, 3);
        var model = new RegimeExpertClassifier(new RegimeExpertOptions(5, _regimes, 3, Hidden: 4, Heads: 2, Dropout: 0, Seed: 3));

        var failures = ZooTraining.GradCheckParameters(model, batch, perInput: 8);

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Gate_Should_FollowLastDayRegimeColumns_When_ProbabilitiesGiven()
    {
        // Given regime columns that differ between earlier days and the last day
        var batch = ZooData.Build(3, 4, 5, (i, l, k) => k < 2 ? 0.3f : l < 3 ? 0.9f : _lastDay[(k - 2 + i) % 3], _ => 0, 3);
        var model = new RegimeExpertClassifier(new RegimeExpertOptions(5, _regimes, Seed: 1));

        // When forwarding
        _ = ZooTraining.Logits(model, batch);

        // Then the gate is the last day's probabilities (T = 1), row by row
        model.LastGate.Should().HaveCount(9);
        float[] expected = [0.2f, 0.5f, 0.3f, 0.5f, 0.3f, 0.2f, 0.3f, 0.2f, 0.5f];
        for (var j = 0; j < 9; j++)
        {
            model.LastGate[j].Should().BeApproximately(expected[j], 1e-5f);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Forward_Should_EqualTheSelectedExpert_When_RegimeIsOneHot(int regime)
    {
        // Given every sample's last day in regime `regime` with certainty
        var batch = ZooData.Build(4, 5, 5, (i, l, k) => k >= 2 ? (l == 4 ? (k - 2 == regime ? 1f : 0f) : 0.33f) : MathF.Sin(i + (l * 0.7f) + k), _ => 0, 3);
        var model = new RegimeExpertClassifier(new RegimeExpertOptions(5, _regimes, Hidden: 8, Heads: 2, Seed: 2));

        // When forwarding the mixture
        var mixed = ZooTraining.Logits(model, batch);

        // Then it is (up to the 1e-6 floor) expert `regime` alone, and differs from the other experts
        var own = model.ExpertLogits(batch, regime).ToArray();
        for (var i = 0; i < own.Length; i++)
        {
            mixed[i].Should().BeApproximately(own[i], 1e-4f);
        }

        model.ExpertLogits(batch, (regime + 1) % 3).ToArray().Should().NotEqual(own);
    }

    [Fact]
    public void Gate_Should_PickArgmax_When_TemperatureIsSmall()
    {
        var batch = ZooData.Build(1, 3, 5, (_, _, k) => _columns[k], _ => 0, 3);
        var model = new RegimeExpertClassifier(new RegimeExpertOptions(5, _regimes, GateTemperature: 0.02f, Seed: 1));

        var gate = model.Gate(batch);

        gate[1].Should().BeGreaterThan(0.99f);
    }

    [Fact]
    public void Fit_Should_ReachNearZeroLoss_When_64RandomSamplesAreMemorised()
    {
        var rng = new Random(5);
        var batch = ZooData.Build(64, 4, 5, (i, l, k) => k >= 2 ? Regime(i, k - 2) : (float)ZooData.Gauss(rng), _ => rng.Next(3), 3);
        var model = new RegimeExpertClassifier(new RegimeExpertOptions(5, _regimes, Hidden: 8, Heads: 2, Dropout: 0, Seed: 4));

        var loss = ZooTraining.Fit(model, batch, 200, 2e-2);

        loss.Should().BeLessThan(0.05f);
    }

    [Fact]
    public void Constructor_Should_Throw_When_RegimeColumnOutsideFeatures()
    {
        var act = () => new RegimeExpertClassifier(new RegimeExpertOptions(4, [2, 3, 4]));
        act.Should().Throw<ArgumentException>().WithMessage("*regime columns [2, 3, 4]*");
    }

    private static float Regime(int i, int e) => _regimeCycle[(i + e) % 3];
}
