using Kosmo.Models.Zoo;

namespace Kosmo.Models.Tests.Zoo;

public sealed class UNet1dClassifierTests
{
    [Fact]
    public void Forward_Should_PassGradientCheck_When_TinyInstanceWithOddLength()
    {
        // Given a depth-2 U-Net on 7-day windows (front-padded to 8)
        var batch = ZooData.Random(2, 7, 2, 3, seed: 1);
        var model = new UNet1dClassifier(new UNet1dOptions(2, 3, BaseChannels: 2, Depth: 2, Dropout: 0, Seed: 5));

        // When checking the gradients of every parameter
        var failures = ZooTraining.GradCheckParameters(model, batch);

        // Then all agree
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Fit_Should_ReachNearZeroLoss_When_64RandomSamplesAreMemorised()
    {
        var batch = ZooData.Random(64, 4, 4, 3, seed: 2);
        var model = new UNet1dClassifier(new UNet1dOptions(4, 3, BaseChannels: 8, Depth: 1, Dropout: 0, Seed: 3));

        var loss = ZooTraining.Fit(model, batch, 150, 2e-2);

        loss.Should().BeLessThan(0.05f);
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(7, 1)]
    [InlineData(8, 0)]
    [InlineData(9, 3)]
    public void Forward_Should_HandleAnyLength_When_WindowIsNotAMultipleOf4(int lookback, int pad)
    {
        // Given a depth-2 U-Net (multiple of 4)
        var model = new UNet1dClassifier(new UNet1dOptions(3, Depth: 2, Seed: 1));
        var batch = ZooData.Random(4, lookback, 3, 3, seed: lookback);

        // When predicting
        var logits = ZooTraining.Logits(model, batch);

        // Then the window is front-padded by (−L) mod 4 and the output is (B, C)
        model.FrontPadding(lookback).Should().Be(pad);
        logits.Should().HaveCount(4 * 3).And.OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Forward_Should_ReadTheMostRecentDay_When_LengthIsOdd()
    {
        // Given two batches equal except for the last day of a 7-day window
        var a = ZooData.Build(1, 7, 2, (_, l, k) => MathF.Sin(l + k), _ => 0, 3);
        var b = ZooData.Build(1, 7, 2, (_, l, k) => l == 6 ? 3f : MathF.Sin(l + k), _ => 0, 3);
        var model = new UNet1dClassifier(new UNet1dOptions(2, Depth: 2, Seed: 2));

        // When predicting both, and with the same seed twice
        var la = ZooTraining.Logits(model, a);

        // Then the last day moves the logits (it was not cropped) and the result is deterministic
        ZooTraining.Logits(model, b).Should().NotEqual(la);
        ZooTraining.Logits(new UNet1dClassifier(new UNet1dOptions(2, Depth: 2, Seed: 2)), a).Should().Equal(la);
        ZooTraining.Logits(new UNet1dClassifier(new UNet1dOptions(2, Depth: 2, Seed: 3)), a).Should().NotEqual(la);
    }
}
