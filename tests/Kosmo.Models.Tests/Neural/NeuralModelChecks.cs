using Kosmo.Models.Abstractions;
using Kosmo.Models.Training;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Neural;

/// <summary>Shared checks every neural baseline must pass.</summary>
internal static class NeuralModelChecks
{
    /// <summary>Analytic gradients of every parameter agree with central differences (float64 reduction).</summary>
    public static void GradientsMatchFiniteDifferences(ISequenceClassifier model, bool statics)
    {
        var data = TinyWindows.Create(n: 4, lookback: 5, features: 3, classes: model.Classes, seed: 3, statics: statics);
        var batch = TinyWindows.FirstBatch(data);
        var rng = new Random(1);
        var failures = GradCheck.Check(_ => model.Forward(batch, training: false, rng), [.. model.Parameters],
            new GradCheck.Options(MaxElementsPerInput: 24));
        failures.Should().BeEmpty();
    }

    /// <summary>Training on 64 random-labelled samples drives the training loss near zero.</summary>
    public static double OverfitLoss(ISequenceClassifier model, int epochs, double learningRate, bool statics = false)
    {
        var data = TinyWindows.Create(n: 64, lookback: 6, features: 6, classes: model.Classes, seed: 11, statics: statics);
        var trainer = new Trainer(new TrainerOptions
        {
            Epochs = epochs, LearningRate = learningRate, WarmupSteps = 0, WeightDecay = 0, BalancedClassWeights = false,
            MinLearningRate = learningRate / 10, Seed = 5,
        });
        trainer.Fit(model, data, validation: null);
        return ValidationScore.Loss(Predictor.Predict(model, data), null);
    }

    /// <summary>All parameter values as one byte array.</summary>
    public static byte[] WeightBytes(ISequenceClassifier model) =>
        model.Parameters.SelectMany(p => p.ToArray().SelectMany(BitConverter.GetBytes)).ToArray();
}
