using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Experiment.Cells;

namespace Kosmo.Experiment.Tests.Pipeline.Cells;

/// <summary>Cells as the unit of work: --only-cell computes exactly one cell, --gather refuses while a cell is missing, and the result equals a whole run's.</summary>
public sealed class CellScatterTests : IDisposable
{
    private static readonly string Yaml = SmallMarket.Config("cells", seed: 5, threads: 1,
        "baselines: [logistic, mlp]",
        SmallMarket.Features(lookback: 20), SmallMarket.Labels(), SmallMarket.Split(2017),
        SmallMarket.Section("model", "name: lstm", "hidden: 8", "epochs: 2", "patience: 1", "batch: 128", "max_train_samples: 800", "ensemble: false"));

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-cells-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Run_Should_ComputeExactlyTheSelectedCellsAndGatherTheSameMetrics_When_EachCellRunsAlone()
    {
        // Given a small experiment, run whole into one folder
        var trials = ExperimentConfig.Parse(Yaml, "cells.yaml");
        var whole = Path.Combine(_root, "whole");
        new ExperimentRunner(trials, whole, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);

        // When a second folder is planned, then each cell is computed by its own invocation, then gathered
        var cells = Path.Combine(_root, "cells");
        new ExperimentRunner(trials, cells, new RunOptions(false, null, PlanOnly: true), new SilentProgress()).Run(CancellationToken.None);
        var plan = CellPlan.Read(cells);
        plan.Cells.Should().NotBeEmpty();
        var first = plan.Cells[1];
        new ExperimentRunner(trials, cells, new RunOptions(true, null, false, OnlyCells: "1"), new SilentProgress()).Run(CancellationToken.None);
        var doneAfterOne = plan.Cells.Where(c => CellPlan.IsDone(cells, c)).ToList();
        foreach (var c in plan.Cells.Skip(2))
        {
            new ExperimentRunner(trials, cells, new RunOptions(true, null, false, OnlyCells: c.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)), new SilentProgress()).Run(CancellationToken.None);
        }

        // Then --only-cell 1 computed that cell and no other
        doneAfterOne.Should().Equal(first);

        // And gathering refuses while cell 0 is missing, naming it, and writes no metrics
        var gather = () => new ExperimentRunner(trials, cells, new RunOptions(true, null, false, Gather: true), new SilentProgress()).Run(CancellationToken.None);
        gather.Should().Throw<MissingCellsException>().WithMessage($"1 cell(s) have not finished*cell 0 ({plan.Cells[0].Model} fold 0)*");
        File.Exists(Path.Combine(cells, "metrics.json")).Should().BeFalse();

        // And once the last cell is computed, the gathered metrics.json equals the whole run's byte for byte
        new ExperimentRunner(trials, cells, new RunOptions(true, null, false, OnlyCells: "0"), new SilentProgress()).Run(CancellationToken.None);
        gather();
        File.ReadAllBytes(Path.Combine(cells, "metrics.json")).Should().Equal(File.ReadAllBytes(Path.Combine(whole, "metrics.json")));
        File.ReadAllBytes(Path.Combine(cells, "predictions.csv")).Should().Equal(File.ReadAllBytes(Path.Combine(whole, "predictions.csv")));
    }

    [Fact]
    public void Run_Should_RejectTheSelection_When_ACellIsOutsideThePlan()
    {
        var trials = ExperimentConfig.Parse(Yaml, "cells.yaml");
        var act = () => new ExperimentRunner(trials, Path.Combine(_root, "bad"), new RunOptions(false, null, false, OnlyCells: "999"), new SilentProgress()).Run(CancellationToken.None);
        act.Should().Throw<ArgumentException>().WithMessage("--only-cell '999': cell 999 is outside the plan*");
    }
}
