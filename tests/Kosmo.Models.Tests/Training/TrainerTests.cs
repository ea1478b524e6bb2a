using Kosmo.Models.Neural;
using Kosmo.Models.Tests.Neural;
using Kosmo.Models.Training;

namespace Kosmo.Models.Tests.Training;

public sealed class TrainerTests
{
    private static readonly GbmTrainingData Data = GbmTrainingData.Instance;

    private static MlpClassifier Mlp(int seed = 1) => new(new MlpOptions(Data.Features, Hidden: 32, Layers: 2, Dropout: 0.1f, Seed: seed));

    private static TrainerOptions Options(int epochs) => new()
    {
        Epochs = epochs, LearningRate = 3e-3, WarmupSteps = 10, Seed = 9, Patience = 0,
    };

    [Fact]
    public void Fit_Should_LowerValidationLoss_When_SignalIsPlanted()
    {
        // Given the GBM training set with a planted signal and an MLP
        var model = Mlp();
        var progress = new RecordingProgress();

        // When trained for 5 epochs
        var result = new Trainer(Options(5) with { ProgressEveryBatches = 5 }).Fit(model, Data.Train(), Data.Validation(), progress);

        // Then the validation loss falls below the first epoch's, macro F1 rises above the first epoch's and above chance (1/3),
        // and progress came per batch group and once per epoch
        result.History.Should().HaveCount(5);
        result.History[^1].ValidationLoss.Should().BeLessThan(result.History[0].ValidationLoss - 0.02);
        result.History[^1].ValidationMacroF1.Should().BeGreaterThan(result.History[0].ValidationMacroF1 + 0.02).And.BeGreaterThan(0.4);
        result.BestEpoch.Should().Be(result.History.MinBy(e => e.ValidationLoss)!.Epoch);
        progress.Reports.Count(r => r.EpochEnd).Should().Be(5);
        progress.Reports.Should().Contain(r => !r.EpochEnd && r.Batch == 5 && r.SamplesPerSecond > 0 && double.IsFinite(r.Loss));
    }

    [Fact]
    public void Fit_Should_StopAndRestoreBestWeights_When_ValidationStopsImproving()
    {
        // Given validation labels scrambled (nothing to learn there), patience 2, and a snapshot of the weights after each epoch
        var model = Mlp();
        var snapshots = new Dictionary<int, byte[]>();
        var progress = new RecordingProgress(r =>
        {
            if (r.EpochEnd)
            {
                snapshots[r.Epoch] = NeuralModelChecks.WeightBytes(model);
            }
        });

        // When trained for up to 30 epochs
        var result = new Trainer(Options(30) with { Patience = 2, LearningRate = 1e-2 })
            .Fit(model, Data.Train(), Data.Validation(Data.ScrambledValidationLabels()), progress);

        // Then it stops 2 epochs after the best one and the model holds the best epoch's weights
        result.StoppedEarly.Should().BeTrue();
        result.History.Should().HaveCount(result.BestEpoch + 2);
        result.BestScore.Should().Be(result.History.Min(e => e.ValidationLoss));
        NeuralModelChecks.WeightBytes(model).Should().Equal(snapshots[result.BestEpoch]);
        NeuralModelChecks.WeightBytes(model).Should().NotEqual(snapshots[result.History.Count]);
    }

    [Fact]
    public void Fit_Should_KeepTheBestMacroF1Epoch_When_StoppingOnMacroF1()
    {
        // Given early stopping on macro F1 and a snapshot of the weights after each epoch
        var model = Mlp(seed: 3);
        var snapshots = new Dictionary<int, byte[]>();
        var progress = new RecordingProgress(r =>
        {
            if (r.EpochEnd)
            {
                snapshots[r.Epoch] = NeuralModelChecks.WeightBytes(model);
            }
        });

        // When trained for 4 epochs without patience limit
        var result = new Trainer(Options(4) with { EarlyStopping = EarlyStoppingMetric.MacroF1 }).Fit(model, Data.Train(), Data.Validation(), progress);

        // Then the best epoch is the first one with the highest macro F1 and its weights are restored
        var best = result.History.First(e => e.ValidationMacroF1 == result.History.Max(h => h.ValidationMacroF1));
        result.BestEpoch.Should().Be(best.Epoch);
        result.BestScore.Should().Be(best.ValidationMacroF1);
        result.StoppedEarly.Should().BeFalse();
        NeuralModelChecks.WeightBytes(model).Should().Equal(snapshots[best.Epoch]);
    }

    [Fact]
    public void Fit_Should_UseBalancedClassWeights_When_Enabled()
    {
        // Given the training samples' labels counted directly from the label set
        var counts = new long[3];
        var train = Data.Train();
        for (var j = 0; j < train.Count; j++)
        {
            var (t, code) = train.Sample(j);
            counts[Data.Labels.Label[Data.Labels.Index(code, t)]]++;
        }

        // When the trainer fits one epoch
        var result = new Trainer(Options(1)).Fit(Mlp(), Data.Train(), null);

        // Then w_c = n / (3 n_c)
        var n = counts.Sum();
        result.ClassWeights.Should().Equal(counts.Select(c => (float)(n / (3.0 * c))));
        counts.Should().OnlyContain(c => c > 0);
    }

    [Fact]
    public void Fit_Should_GiveIdenticalWeights_When_SeedsAreEqual()
    {
        // Given two fresh models and trainers with the same seeds, and a third run with another dropout seed
        var a = Mlp();
        var b = Mlp();
        var c = Mlp();
        new Trainer(Options(2)).Fit(a, Data.Train(), Data.Validation());
        new Trainer(Options(2)).Fit(b, Data.Train(), Data.Validation());
        new Trainer(Options(2) with { Seed = 10 }).Fit(c, Data.Train(), Data.Validation());

        // Then equal seeds give equal bytes; another seed does not
        NeuralModelChecks.WeightBytes(a).Should().Equal(NeuralModelChecks.WeightBytes(b));
        NeuralModelChecks.WeightBytes(a).Should().NotEqual(NeuralModelChecks.WeightBytes(c));
    }

    [Fact]
    public void Fit_Should_AddTheAuxiliaryLoss_When_ModelHasOne()
    {
        // Given an MLP whose auxiliary loss is a heavy L2 penalty on its head, and the same MLP without it
        var plain = Mlp();
        var penalised = new PenalisedModel(Mlp(), strength: 5f);

        // When both are trained identically
        new Trainer(Options(2)).Fit(plain, Data.Train(), null);
        new Trainer(Options(2)).Fit(penalised, Data.Train(), null);

        // Then the penalised head is much smaller
        PenalisedModel.HeadNorm(penalised).Should().BeLessThan(0.7 * PenalisedModel.HeadNorm(plain));
    }
}
