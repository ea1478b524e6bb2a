using Kosmo.Models.Neural;
using Kosmo.Models.Tests.Neural;
using Kosmo.Models.Training;

namespace Kosmo.Models.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private static readonly GbmTrainingData Data = GbmTrainingData.Instance;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MlpClassifier Mlp() => new(new MlpOptions(Data.Features, Hidden: 32, Layers: 2, Dropout: 0.2f, Seed: 2));

    private TrainerOptions Options(string name) => new()
    {
        Epochs = 4, LearningRate = 3e-3, WarmupSteps = 10, Seed = 4, Patience = 3, CheckpointPath = Path.Combine(_dir, name),
    };

    [Fact]
    public void Fit_Should_EndWithIdenticalWeights_When_ResumedAfterAnInterruption()
    {
        // Given a straight 4-epoch run
        var straight = Mlp();
        var expected = new Trainer(Options("a.ckpt")).Fit(straight, Data.Train(), Data.Validation());

        // When another run is killed in the middle of epoch 3 (everything dropped), then a fresh model and trainer resume
        using var cts = new CancellationTokenSource();
        var interrupted = new RecordingProgress(r =>
        {
            if (r is { Epoch: 3, EpochEnd: false })
            {
                cts.Cancel();
            }
        });
        var act = () => new Trainer(Options("b.ckpt") with { ProgressEveryBatches = 3 }).Fit(Mlp(), Data.Train(), Data.Validation(), interrupted, cts.Token);
        act.Should().Throw<OperationCanceledException>();
        var resumedModel = Mlp();
        var resumed = new Trainer(Options("b.ckpt")).Fit(resumedModel, Data.Train(), Data.Validation());

        // Then the final weights are bit-identical and the history is complete
        resumed.ResumedFromEpoch.Should().Be(2);
        NeuralModelChecks.WeightBytes(resumedModel).Should().Equal(NeuralModelChecks.WeightBytes(straight));
        resumed.History.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss)).Should().Equal(expected.History.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss)));
        resumed.BestEpoch.Should().Be(expected.BestEpoch);
    }

    [Fact]
    public void Load_Should_Throw_When_FileIsCorrupted()
    {
        // Given a checkpoint written after one epoch with one byte flipped in the middle
        var options = Options("c.ckpt") with { Epochs = 1 };
        new Trainer(options).Fit(Mlp(), Data.Train(), null);
        var bytes = File.ReadAllBytes(options.CheckpointPath!);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(options.CheckpointPath!, bytes);

        // When loaded, then it is refused naming the file and the checksum
        var act = () => TrainingCheckpoint.Load(options.CheckpointPath!);
        act.Should().Throw<InvalidDataException>().WithMessage("*c.ckpt*checksum mismatch*");
    }

    [Fact]
    public void Fit_Should_RefuseTheCheckpoint_When_ItBelongsToAnotherRun()
    {
        // Given a checkpoint of a run with another learning rate
        var options = Options("d.ckpt") with { Epochs = 1 };
        new Trainer(options).Fit(Mlp(), Data.Train(), null);

        // When a different run points at it, then it throws instead of mixing states
        var act = () => new Trainer(options with { LearningRate = 1e-3 }).Fit(Mlp(), Data.Train(), null);
        act.Should().Throw<InvalidDataException>().WithMessage("*another run*");
    }

    [Fact]
    public void Load_Should_RoundTripEveryField_When_Saved()
    {
        // Given a checkpoint with NaN scores and two tensors
        var header = new CheckpointHeader("m", 2, "fp", 3, 77, 2, double.NaN, 1, false,
            [new EpochRecord(1, 1.5, double.NaN, 0.25, 1e-3, 1234.5)]);
        var path = Path.Combine(_dir, "e.ckpt");
        new TrainingCheckpoint(header, [new("param/w", [1f, -2.5f, float.Epsilon]), new("adam.m/w", [0f, 3f, 4f])]).Save(path);

        // When read back
        var back = TrainingCheckpoint.Load(path);

        // Then every scalar, the history and the tensors are identical, and no temp file is left
        back.Header.Should().BeEquivalentTo(header, o => o.ComparingByMembers<CheckpointHeader>());
        back.Tensors.Select(t => t.Key).Should().Equal("param/w", "adam.m/w");
        back.Tensors[0].Value.Should().Equal(1f, -2.5f, float.Epsilon);
        Directory.GetFiles(_dir).Should().Equal(path);
    }
}
