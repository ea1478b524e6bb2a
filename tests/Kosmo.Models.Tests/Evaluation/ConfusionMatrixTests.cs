using Kosmo.Models.Evaluation;

namespace Kosmo.Models.Tests.Evaluation;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Scores_Should_MatchHandComputedValues_When_OneClassIsNeverPredicted()
    {
        // Given truth/prediction pairs: down→down ×2, down→up ×1, flat→down ×1, flat→up ×1, up→up ×3; flat never predicted
        var m = new ConfusionMatrix();
        m.Add(0, 0, 2);
        m.Add(0, 2);
        m.Add(1, 0);
        m.Add(1, 2);
        m.Add(2, 2, 3);

        // Then by hand: precision down 2/3, up 3/5, flat 0 (nothing predicted); recall down 2/3, flat 0, up 1
        m.Total.Should().Be(8);
        m.Precision(0).Should().BeApproximately(2.0 / 3, 1e-15);
        m.Precision(1).Should().Be(0);
        m.Precision(2).Should().BeApproximately(3.0 / 5, 1e-15);
        m.Recall(2).Should().Be(1);
        m.F1(0).Should().BeApproximately(2.0 / 3, 1e-15); // 2·2 / (3 + 3)
        m.F1(2).Should().BeApproximately(0.75, 1e-15); // 2·3 / (3 + 5)
        m.MacroF1().Should().BeApproximately((2.0 / 3 + 0 + 0.75) / 3, 1e-15);
        m.Accuracy().Should().BeApproximately(5.0 / 8, 1e-15);
        m.BalancedAccuracy().Should().BeApproximately((2.0 / 3 + 0 + 1) / 3, 1e-15);
    }

    [Fact]
    public void BalancedAccuracy_Should_AverageOnlyPresentClasses_When_AClassIsAbsentFromTruth()
    {
        // Given no true 'flat' rows
        var m = new ConfusionMatrix();
        m.Add(0, 0);
        m.Add(2, 1);

        // Then balanced accuracy is the mean of recall(down) = 1 and recall(up) = 0
        m.BalancedAccuracy().Should().Be(0.5);
        m.F1(1).Should().Be(0);
    }

    [Fact]
    public void Add_Should_Throw_When_ClassIsOutOfRange()
    {
        var m = new ConfusionMatrix();
        var act = () => m.Add(3, 0);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
