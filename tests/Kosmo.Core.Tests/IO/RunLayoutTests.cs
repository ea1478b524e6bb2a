using Kosmo.Core.IO;

namespace Kosmo.Core.Tests.IO;

public sealed class RunLayoutTests
{
    private const string Run = "/runs/a";

    [Fact]
    public void TopLevelPaths_Should_MatchTheDesignContract_When_GivenARunFolder()
    {
        // Given a run folder, when the contract's top-level paths are asked for,
        // then they are the names DESIGN.md fixes for tools and people
        RunLayout.Config(Run).Should().Be("/runs/a/config.yaml");
        RunLayout.Metrics(Run).Should().Be("/runs/a/metrics.json");
        RunLayout.Predictions(Run).Should().Be("/runs/a/predictions.csv");
        RunLayout.Equity(Run).Should().Be("/runs/a/equity.csv");
        RunLayout.Trades(Run).Should().Be("/runs/a/trades.csv");
        RunLayout.Report(Run).Should().Be("/runs/a/report.html");
        RunLayout.Timing(Run).Should().Be("/runs/a/timing.json");
        RunLayout.Plan(Run).Should().Be("/runs/a/plan.json");
        RunLayout.Labels(Run).Should().Be("/runs/a/labels.csv");
        RunLayout.Capacity(Run).Should().Be("/runs/a/capacity.csv");
        RunLayout.BacktestDaily(Run).Should().Be("/runs/a/backtest_daily.csv");
        RunLayout.MetaPredictions(Run).Should().Be("/runs/a/meta_predictions.csv");
        RunLayout.CpcvPaths(Run).Should().Be("/runs/a/cpcv_paths.csv");
        RunLayout.Processors(Run).Should().Be("/runs/a/processors.json");
    }

    [Fact]
    public void CellPaths_Should_NestTrialFoldsModelAndFold_When_GivenATrialAndACell()
    {
        // Given trial 0 of a run
        var trial = RunLayout.Trial(Run, 0);

        // When a cell's folder and files are built
        var cell = RunLayout.Cell(trial, "tft", 3);

        // Then the folders are trials/trial-000/folds/MODEL/fold-N and the cell files sit inside
        trial.Should().Be("/runs/a/trials/trial-000");
        RunLayout.Trial(Run, 12).Should().Be("/runs/a/trials/trial-012");
        RunLayout.Trials(Run).Should().Be("/runs/a/trials");
        RunLayout.Folds(trial).Should().Be("/runs/a/trials/trial-000/folds");
        RunLayout.ModelCells(trial, "tft").Should().Be("/runs/a/trials/trial-000/folds/tft");
        cell.Should().Be("/runs/a/trials/trial-000/folds/tft/fold-3");
        RunLayout.Done(cell).Should().Be(cell + "/done");
        RunLayout.Predictions(cell).Should().Be(cell + "/predictions.csv");
        RunLayout.Checkpoint(cell).Should().Be(cell + "/checkpoint.bin");
        RunLayout.TrainingLog(cell).Should().Be(cell + "/training_log.csv");
        RunLayout.FoldName(3).Should().StartWith(RunLayout.FoldPrefix);
    }

    [Fact]
    public void FolderPaths_Should_SitUnderTheRunFolder_When_GivenOotModelSetsAndSlurm()
    {
        RunLayout.Oot(Run).Should().Be("/runs/a/oot");
        RunLayout.OotCell(Run, "tft").Should().Be("/runs/a/oot/cells/tft");
        RunLayout.Models(Run).Should().Be("/runs/a/models");
        RunLayout.ModelSet(Run, "20240102-abcd").Should().Be("/runs/a/models/20240102-abcd");
        RunLayout.CurrentModelSet(Run).Should().Be("/runs/a/models/current");
        RunLayout.Manifest(RunLayout.ModelSet(Run, "x")).Should().Be("/runs/a/models/x/manifest.json");
        RunLayout.Slurm(Run).Should().Be("/runs/a/slurm");
        RunLayout.SlurmLogs(Run).Should().Be("/runs/a/slurm/logs");
        RunLayout.Backtest(Run).Should().Be("/runs/a/backtest");
    }

    [Fact]
    public void Paths_Should_StayRelative_When_TheRunFolderIsRelative()
    {
        RunLayout.Metrics("out").Should().Be(Path.Combine("out", "metrics.json"));
        RunLayout.Cell(RunLayout.Trial("out", 1), "lgbm", 0).Should().Be(Path.Combine("out", "trials", "trial-001", "folds", "lgbm", "fold-0"));
    }
}
