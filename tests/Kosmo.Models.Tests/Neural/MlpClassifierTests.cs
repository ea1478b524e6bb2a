using Kosmo.Models.Neural;
using Kosmo.Models.Training;

namespace Kosmo.Models.Tests.Neural;

public sealed class MlpClassifierTests
{
    private static MlpOptions Tiny(bool statics) =>
        new(Features: 3, Hidden: 5, Layers: 2, Dropout: 0.2f, Seed: 7, Statics: statics ? new StaticInputSpec([3], 2, 1) : null);

    [Fact]
    public void Backward_Should_MatchFiniteDifferences_When_ModelIsTiny()
    {
        // Given a tiny MLP with a static embedding and a static real, when checked, then every gradient matches
        NeuralModelChecks.GradientsMatchFiniteDifferences(new MlpClassifier(Tiny(statics: true)), statics: true);
    }

    [Fact]
    public void Fit_Should_ReachNearZeroLoss_When_Overfitting64Samples()
    {
        // Given 64 samples with random labels and no dropout
        var model = new MlpClassifier(new MlpOptions(Features: 6, Hidden: 64, Layers: 2, Dropout: 0f, Seed: 1));

        // When trained for 150 full-batch steps, then it memorises them
        NeuralModelChecks.OverfitLoss(model, epochs: 150, learningRate: 1e-2).Should().BeLessThan(0.05);
    }

    [Fact]
    public void Constructor_Should_GiveIdenticalWeights_When_SeedIsEqual()
    {
        // Given two models with the same seed and one with another seed
        var a = NeuralModelChecks.WeightBytes(new MlpClassifier(Tiny(true)));
        var b = NeuralModelChecks.WeightBytes(new MlpClassifier(Tiny(true)));
        var c = NeuralModelChecks.WeightBytes(new MlpClassifier(Tiny(true) with { Seed = 8 }));

        // Then equal seeds give equal bytes and different seeds differ
        a.Should().Equal(b);
        a.Should().NotEqual(c);
    }

    [Fact]
    public void Forward_Should_ReadOnlyTheLastDay_When_EarlierDaysChange()
    {
        // Given a batch and the same batch with every day but the last overwritten
        var model = new MlpClassifier(Tiny(false));
        var data = TinyWindows.Create(4, 5, 3, 3, seed: 2);
        var batch = TinyWindows.FirstBatch(data);
        var before = model.Forward(batch, false, new Random(0)).ToArray();
        for (var b = 0; b < batch.Count; b++)
        {
            Array.Fill(batch.X, 9f, b * 5 * 3, 4 * 3);
        }

        // When run again, then the logits are unchanged
        model.Forward(batch, false, new Random(0)).ToArray().Should().Equal(before);
    }
}
