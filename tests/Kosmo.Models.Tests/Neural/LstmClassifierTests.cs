using Kosmo.Models.Neural;
using Kosmo.Models.Training;

namespace Kosmo.Models.Tests.Neural;

public sealed class LstmClassifierTests
{
    [Fact]
    public void Backward_Should_MatchFiniteDifferences_When_ModelIsTiny()
    {
        // Given a tiny LSTM classifier with statics, when checked, then every gradient matches
        var model = new LstmClassifier(new LstmClassifierOptions(Features: 3, Hidden: 4, Seed: 3, Statics: new StaticInputSpec([3], 2, 1)));
        NeuralModelChecks.GradientsMatchFiniteDifferences(model, statics: true);
    }

    [Fact]
    public void Fit_Should_ReachNearZeroLoss_When_Overfitting64Samples()
    {
        // Given 64 random-labelled windows, when trained, then the LSTM memorises them
        var model = new LstmClassifier(new LstmClassifierOptions(Features: 6, Hidden: 24, Dropout: 0f, Seed: 1));
        NeuralModelChecks.OverfitLoss(model, epochs: 100, learningRate: 3e-2).Should().BeLessThan(0.05);
    }

    [Fact]
    public void Forward_Should_DependOnEarlyDays_When_WindowChanges()
    {
        // Given a batch, when only the first day of the window changes, then the logits change (the LSTM reads the window)
        var model = new LstmClassifier(new LstmClassifierOptions(Features: 3, Hidden: 4, Seed: 3));
        var batch = TinyWindows.FirstBatch(TinyWindows.Create(4, 5, 3, 3, seed: 2));
        var before = model.Forward(batch, false, new Random(0)).ToArray();
        Array.Fill(batch.X, 5f, 0, 3);
        model.Forward(batch, false, new Random(0)).ToArray().Should().NotEqual(before);
    }
}
