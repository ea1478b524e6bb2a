using Kosmo.Core;
using Kosmo.Models.Training;

namespace Kosmo.Models.Tests.Training;

public sealed class TrainingLogCsvTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-log-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_Should_FollowTheRunFolderFormat_When_ValuesAreMissing()
    {
        // Given two epochs of a fold, the second without validation figures
        var path = Path.Combine(_dir, "training_log.csv");
        TrainingLogRow[] rows =
        [
            new("lstm", 1, 2, 0.9, double.NaN, double.NaN, 5e-4, 1000),
            new("lstm", 1, 1, 1.0986, 1.05, 0.4, 0.001, 812.25),
        ];

        // When written
        TrainingLogCsv.Write(path, rows);

        // Then the text is exactly the contract's header and rows, sorted by epoch, NaN as empty fields
        File.ReadAllText(path).Should().Be(
            "model,fold,epoch,train_loss,val_loss,val_macro_f1,lr,samples_per_s\n" +
            "lstm,1,1,1.0986,1.05,0.4,0.001,812.25\n" +
            "lstm,1,2,0.9,,,0.0005,1000\n");
    }

    [Fact]
    public void Merge_Should_ReplaceOnlyTheSameModelAndFold_When_FileExists()
    {
        // Given a log with two folds of one model
        var path = Path.Combine(_dir, "training_log.csv");
        TrainingLogCsv.Write(path, [new("mlp", 0, 1, 1, 1, 0.3, 1e-3, 10), new("mlp", 1, 1, 2, 2, 0.3, 1e-3, 10)]);

        // When fold 1 is re-run and another model is added
        TrainingLogCsv.Merge(path, [new("mlp", 1, 1, 0.5, 0.5, 0.5, 1e-3, 20), new("lstm", 0, 1, 1, 1, 1, 1, 1)]);

        // Then fold 0 is kept and fold 1 replaced
        var back = TrainingLogCsv.Read(path);
        back.Select(r => (r.Model, r.Fold, r.TrainLoss)).Should().Equal(("lstm", 0, 1.0), ("mlp", 0, 1.0), ("mlp", 1, 0.5));
    }

    [Fact]
    public void Read_Should_NameLineAndColumn_When_ANumberIsBad()
    {
        // Given a log whose second data row has a bad epoch
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, TrainingLogCsv.Header + "\nm,0,1,1,1,1,1,1\nm,0,x,1,1,1,1,1\n");

        // When read, then the error names line 3 and the epoch column
        var act = () => TrainingLogCsv.Read(path);
        act.Should().Throw<DataValidationException>().Where(e => e.Message.Contains('3') && e.Message.Contains("epoch"));
    }
}
