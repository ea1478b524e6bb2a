using Kosmo.Models.Zoo;

namespace Kosmo.Models.Tests.Zoo;

public sealed class WaveletGroupClassifierTests
{
    // K = 6: d1 = {0}, d2 = {1}, s2 = {2, 3}; columns 4 and 5 belong to no group.
    private static readonly int[][] _groups = [[0], [1], [2, 3]];

    [Theory]
    [InlineData(WaveletCombine.SoftmaxWeights)]
    [InlineData(WaveletCombine.Concat)]
    public void Forward_Should_PassGradientCheck_When_TinyInstance(WaveletCombine combine)
    {
        var batch = ZooData.Random(2, 4, 6, 3, seed: 1);
        var model = new WaveletGroupClassifier(new WaveletGroupOptions(6, _groups, 3, Hidden: 3, Combine: combine, Dropout: 0, Seed: 2));

        var failures = ZooTraining.GradCheckParameters(model, batch);

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Forward_Should_IgnoreColumns_When_TheyBelongToNoGroup()
    {
        // Given two batches that differ only in columns 4 and 5
        var a = ZooData.Build(3, 5, 6, (i, l, k) => MathF.Sin(i + l + k), _ => 0, 3);
        var b = ZooData.Build(3, 5, 6, (i, l, k) => k >= 4 ? 7f : MathF.Sin(i + l + k), _ => 0, 3);
        var c = ZooData.Build(3, 5, 6, (i, l, k) => k == 1 ? 7f : MathF.Sin(i + l + k), _ => 0, 3);
        var model = new WaveletGroupClassifier(new WaveletGroupOptions(6, _groups, Seed: 1));

        // When predicting
        var la = ZooTraining.Logits(model, a);

        // Then ungrouped columns have no effect, a grouped column does
        ZooTraining.Logits(model, b).Should().Equal(la);
        ZooTraining.Logits(model, c).Should().NotEqual(la);
    }

    [Fact]
    public void Fit_Should_ReachNearZeroLoss_And_LearnGroupWeights_When_OnlyOneGroupCarriesTheLabel()
    {
        // Given labels that are the sign pattern of group 2's columns on the last day
        var rng = new Random(3);
        var values = new float[64, 6, 6];
        for (var i = 0; i < 64; i++)
        {
            for (var l = 0; l < 6; l++)
            {
                for (var k = 0; k < 6; k++)
                {
                    values[i, l, k] = (float)ZooData.Gauss(rng);
                }
            }
        }

        var batch = ZooData.Build(64, 6, 6, (i, l, k) => values[i, l, k], i => values[i, 5, 2] > 0 ? (values[i, 5, 3] > 0 ? 2 : 1) : 0, 3);
        var model = new WaveletGroupClassifier(new WaveletGroupOptions(6, _groups, 3, Hidden: 16, Dropout: 0, Seed: 4));
        model.GroupWeights.Should().Equal(1f / 3, 1f / 3, 1f / 3);

        // When training
        var loss = ZooTraining.Fit(model, batch, 300, 1e-2);

        // Then the loss is near zero and the informative group gained weight
        loss.Should().BeLessThan(0.05f);
        var w = model.GroupWeights!;
        w.Sum().Should().BeApproximately(1f, 1e-5f);
        w[2].Should().BeGreaterThan(1f / 3);
    }

    [Fact]
    public void Forward_Should_GiveSameLogitsForSameSeed_And_ConcatShape()
    {
        var batch = ZooData.Random(5, 4, 6, 3, seed: 2, batchSize: 7);
        var options = new WaveletGroupOptions(6, _groups, Combine: WaveletCombine.Concat, Seed: 8);

        var a = ZooTraining.Logits(new WaveletGroupClassifier(options), batch);

        a.Should().HaveCount(5 * 3);
        ZooTraining.Logits(new WaveletGroupClassifier(options), batch).Should().Equal(a);
        ZooTraining.Logits(new WaveletGroupClassifier(options with { Seed = 9 }), batch).Should().NotEqual(a);
        new WaveletGroupClassifier(options).GroupWeights.Should().BeNull();
    }

    [Fact]
    public void Constructor_Should_Throw_When_GroupIsEmpty()
    {
        var act = () => new WaveletGroupClassifier(new WaveletGroupOptions(6, [[0], []]));
        act.Should().Throw<ArgumentException>().WithMessage("*every group*");
    }
}
