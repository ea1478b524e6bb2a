using Kosmo.Experiment.Cells;
using Kosmo.Experiment.Slurm;

namespace Kosmo.Experiment.Tests.Pipeline.Cells;

/// <summary>The cell plan: stable indices, the --only-cell syntax, the plan file and Slurm's array syntax.</summary>
public sealed class CellPlanTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-plan-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Build_Should_NumberCellsFoldMajorInModelOrder_When_GivenModelsAndFolds()
    {
        // Given two trials of the main model, a baseline and three folds
        var trialOf = new Dictionary<string, int> { ["tft_lite_t0"] = 0, ["tft_lite_t1"] = 1 };

        // When the plan is built
        var plan = CellPlan.Build(["tft_lite_t0", "tft_lite_t1", "logistic"], m => trialOf.TryGetValue(m, out var k) ? k : null, [(0, "f0"), (1, "f1"), (2, "f2")], "trials/trial-000");

        // Then cells run fold-major, in the run's model order, with their trial and folder
        plan.Cells.Should().HaveCount(9);
        plan.Cells.Select(c => c.Index).Should().Equal(Enumerable.Range(0, 9));
        plan.Cells[4].Should().Be(new PlannedCell(4, "tft_lite_t1", 1, 1, "f1", "trials/trial-000/folds/tft_lite_t1/fold-1"));
        plan.Cells[8].Should().Be(new PlannedCell(8, "logistic", null, 2, "f2", "trials/trial-000/folds/logistic/fold-2"));
    }

    [Fact]
    public void Write_Should_RoundTrip_When_ReadBack()
    {
        // Given a plan written into a run folder
        Directory.CreateDirectory(_root);
        var plan = CellPlan.Build(["a", "b"], _ => null, [(0, "walk_forward 2016"), (1, "walk_forward 2017")], "trials/trial-000");
        plan.Write(_root);

        // When it is read back
        var back = CellPlan.Read(_root);

        // Then every cell is the same
        back.Cells.Should().Equal(plan.Cells);
    }

    [Fact]
    public void Read_Should_SayHowToCreateThePlan_When_TheRunFolderHasNone()
    {
        Directory.CreateDirectory(_root);
        var act = () => CellPlan.Read(_root);
        act.Should().Throw<FileNotFoundException>().WithMessage("*no cell plan*--plan*");
    }

    [Theory]
    [InlineData("3", new[] { 3 })]
    [InlineData("0,5,7", new[] { 0, 5, 7 })]
    [InlineData("2-4,9", new[] { 2, 3, 4, 9 })]
    [InlineData(" 9 , 1-2 ", new[] { 1, 2, 9 })]
    public void ParseSelection_Should_ReturnTheCells_When_TheListIsValid(string text, int[] expected) =>
        CellPlan.ParseSelection(text, 10).Should().Equal(expected);

    [Theory]
    [InlineData("10", "*cell 10 is outside the plan (cells 0-9*")]
    [InlineData("-1", "*'-1'*")]
    [InlineData("4-2", "*outside the plan*")]
    [InlineData("x", "*'x' is not a cell index*")]
    [InlineData(",", "*no cell index*")]
    public void ParseSelection_Should_NameTheProblem_When_TheListIsBad(string text, string message)
    {
        var act = () => CellPlan.ParseSelection(text, 10);
        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void ArraySpec_Should_CompressRuns_When_IndicesAreConsecutive() =>
        SlurmClient.ArraySpec([0, 1, 2, 3, 5, 7, 8, 9, 12]).Should().Be("0-3,5,7-9,12");

    [Fact]
    public void Ledger_Should_NameTheLatestSubmissionOfEachCell_When_ACellWasResubmitted()
    {
        // Given two submissions of a run folder, the second for the one failed cell
        Directory.CreateDirectory(_root);
        SlurmLedger.Append(_root, new SlurmSubmission("12", "13", [0, 1, 2], "2026-12-06T10:00:00Z"));
        SlurmLedger.Append(_root, new SlurmSubmission("20", "21", [1], "2026-12-06T11:00:00Z"));

        // When the ledger is read back
        var latest = SlurmLedger.LatestByCell(SlurmLedger.Read(_root));

        // Then each cell points at the array job that last ran it
        latest[0].ArrayJob.Should().Be("12");
        latest[1].ArrayJob.Should().Be("20");
        latest[2].GatherJob.Should().Be("13");
    }
}
