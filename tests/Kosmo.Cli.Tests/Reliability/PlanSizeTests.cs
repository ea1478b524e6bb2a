using System.Diagnostics;
using Kosmo.Experiment.Config;

namespace Kosmo.Cli.Tests.Reliability;

/// <summary>Bounded plans: the plan is counted before anything is expanded, and a plan above max_cells is refused (exit 2).</summary>
[Collection("console")]
public sealed class PlanSizeTests : IDisposable
{
    private readonly string _dir = CliHarness.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sweep(int keys, int values)
    {
        string[] paths = ["model.hidden", "model.dropout", "model.learning_rate", "model.weight_decay"];
        var lines = paths.Take(keys).Select((p, k) => $"  {p}: [{string.Join(", ", Enumerable.Range(1, values).Select(v => k == 0 ? (4 * v).ToString(System.Globalization.CultureInfo.InvariantCulture) : (v * 1e-4).ToString(System.Globalization.CultureInfo.InvariantCulture)))}]");
        return "seed: 1\nsweep:\n" + string.Join("\n", lines) + "\n";
    }

    [Fact]
    public void Run_Should_RefuseWithinASecondWithTheCount_When_ASweepHasTenToTheEightTrials()
    {
        // Given a sweep of 4 keys x 100 values (1e8 trials)
        var config = Path.Combine(_dir, "sweep.yaml");
        File.WriteAllText(config, Sweep(4, 100));
        var run = Path.Combine(_dir, "run");
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        // When run
        var (code, _, err) = CliHarness.Run("run", "--config", config, "--out", run);

        // Then it is refused at once, with the count and how to raise the limit, without allocating the plan or touching --out
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
        (GC.GetTotalAllocatedBytes(precise: true) - allocated).Should().BeLessThan(64L << 20);
        code.Should().Be(ExitCodes.Usage);
        err.Should().Contain("100,000,000 sweep trials").And.Contain("max_cells").And.Contain("--max-cells").And.Contain("sweep.yaml:2");
        Directory.Exists(run).Should().BeFalse();
    }

    [Fact]
    public void Parse_Should_RefuseAbovetheFlag_When_MaxCellsIsGivenOnTheCommandLine()
    {
        // Given a sweep of 10 x 10 = 100 trials + 6 baselines and a limit of 50 from the flag
        var act = () => ExperimentConfig.Parse(Sweep(2, 10), "s.yaml", maxCells: 50);

        // Then the refusal names the flag; a config limit above the plan accepts it
        act.Should().Throw<ConfigException>().WithMessage("*106 models*limit of 50 cells (--max-cells)*");
        ExperimentConfig.Parse("max_cells: 200\n" + Sweep(2, 10), "s.yaml").Should().HaveCount(100);
    }

    [Fact]
    public void Parse_Should_StopExpanding_When_Cancelled()
    {
        // Given a large allowed sweep (10^4 trials) and Ctrl-C already pressed
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        // When parsed
        var act = () => ExperimentConfig.Parse(Sweep(4, 10), "s.yaml", maxCells: 1_000_000, cancel: cancel.Token);

        // Then the expansion stops with OperationCanceledException (exit 130 at the entry point)
        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Parse_Should_ExpandInTheSameOrder_When_TheSweepIsLazy()
    {
        var trials = ExperimentConfig.Parse("sweep:\n  model.hidden: [32, 64]\n  model.dropout: [0.1, 0.2, 0.3]\n", "s.yaml");

        trials.Select(t => (t.Model.Hidden, t.Model.Dropout)).Should().Equal((32, 0.1), (32, 0.2), (32, 0.3), (64, 0.1), (64, 0.2), (64, 0.3));
    }

    [Fact]
    public void Run_Should_RefuseBeforeTouchingTheFolder_When_FoldsPushThePlanAboveTheLimit()
    {
        // Given 1 trial + 1 baseline (2 models) fits a limit of 2 by count, but the data gives several folds
        var config = Path.Combine(_dir, "small.yaml");
        File.WriteAllText(config, "max_cells: 2\nbaselines: [momentum_20d]\ndata:\n  synthetic_stocks: 20\n  synthetic_years: 4\n");
        var run = Path.Combine(_dir, "run");

        // When run
        var (code, _, err) = CliHarness.Run("run", "--config", config, "--out", run);

        // Then it is refused once the folds are known, with the count, and the run folder was never created
        code.Should().Be(ExitCodes.Usage);
        err.Should().Contain("folds").And.Contain("limit of 2 cells");
        Directory.Exists(run).Should().BeFalse();
    }
}
