using Kosmo.Tensors.Optim;

namespace Kosmo.Tensors.Tests.Optim;

/// <summary>Schedules against hand-computed values (PyTorch StepLR / CosineAnnealingLR closed forms).</summary>
public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Step_Should_DecayByGamma_When_EveryStepSizeSteps()
    {
        var s = LearningRateSchedule.Step(0.1, stepSize: 3, gamma: 0.5);
        new[] { s.Rate(0), s.Rate(2), s.Rate(3), s.Rate(6) }.Should().Equal(0.1, 0.1, 0.05, 0.025);
    }

    [Fact]
    public void Cosine_Should_FallFromBaseToMin_When_ReachingTMax()
    {
        var s = LearningRateSchedule.Cosine(1.0, tMax: 10, minRate: 0.1);
        s.Rate(0).Should().Be(1.0);
        s.Rate(5).Should().BeApproximately(0.55, 1e-12);      // 0.1 + 0.9·(1 + cos(π/2))/2
        s.Rate(10).Should().BeApproximately(0.1, 1e-12);
        s.Rate(15).Should().BeApproximately(0.1, 1e-12);
    }

    [Fact]
    public void Warmup_Should_RampLinearly_When_BeforeWarmupEnds()
    {
        var s = LearningRateSchedule.Warmup(LearningRateSchedule.Step(0.2, 100, 0.1), warmupSteps: 4);
        new[] { s.Rate(0), s.Rate(1), s.Rate(3), s.Rate(10) }.Should().Equal(0.05, 0.1, 0.2, 0.2);
    }
}
