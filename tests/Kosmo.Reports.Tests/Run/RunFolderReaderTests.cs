using Kosmo.Reports.Run;
using Kosmo.Testing;

namespace Kosmo.Reports.Tests.Run;

public sealed class RunFolderReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-report-reader-" + Guid.NewGuid().ToString("N"));

    public RunFolderReaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_Should_ReadEveryFile_When_GivenTheFixtureRun()
    {
        var run = RunFolderReader.Load(TestData.Fixture("report", "run"));

        run.Problems.Should().BeEmpty();
        run.Equity.Select(e => (e.Name, e.IsBenchmark)).Should().Equal(
            ("tft_long_short", false), ("momentum_top_decile", false), ("KOSPI", true), ("KOSDAQ", true), ("KOSDAQ_small_eq", true));
        run.Equity[0].Dates.Should().HaveCount(1041).And.BeInAscendingOrder();
        run.Trades.Should().HaveCount(2496);
        run.Predictions.Select(p => p.Model).Should().Equal("tft_lite", "logistic");
        run.Predictions[0].Codes.Should().Be(25);
        run.Metrics.Models.Select(m => m.Name).Should().Equal("tft_lite", "logistic");
        run.Metrics.Models[0].Intervals["macro_f1"].Should().Be((0.379, 0.402));
        run.Metrics.Models[0].Confusion![2, 2].Should().Be(5530);
        run.Metrics.Models[0].Calibration.Select(c => c.Curve).Should().Equal("down", "flat", "up");
        run.Metrics.Benchmarks.Single(b => b.Name == "KOSPI").Values["dsr"].Should().Be(double.NaN);
        run.Metrics.Comparisons.Should().HaveCount(2);
        run.Capacity.Should().HaveCount(18);
        run.Attention.Should().HaveCount(120);
        run.Importance.Select(i => i.Kind).Distinct().Should().Equal("temporal", "static");
        run.Training.Should().HaveCount(60);
        run.ConfigValue("model.hidden").Should().Be("32");
        run.Metrics.DataValue("source").Should().Be("synthetic");
    }

    [Fact]
    public void Load_Should_Throw_When_RunFolderIsMissing()
    {
        var act = () => RunFolderReader.Load(Path.Combine(_dir, "nope"));

        act.Should().Throw<DirectoryNotFoundException>().WithMessage("*nope*");
    }

    [Fact]
    public void Load_Should_ReportFileLineAndColumn_When_EquityHasABadNumber()
    {
        // Given an equity.csv whose third line has a non-numeric equity
        File.WriteAllText(Path.Combine(_dir, "equity.csv"), "date,strategy,equity\n2024-01-02,s,100\n2024-01-03,s,abc\n");

        // When loaded
        var run = RunFolderReader.Load(_dir);

        // Then nothing crashes, the series is dropped and the problem names file, line 3 and column 'equity'
        run.Equity.Should().BeEmpty();
        run.Problems.Should().ContainSingle().Which.Should().Be("equity.csv:3 column 'equity': 'abc' is not a finite number.");
        run.NoteFor("equity.csv").Should().StartWith("equity.csv could not be read");
        run.NoteFor("trades.csv").Should().Be("trades.csv is not in this run folder.");
    }

    [Fact]
    public void Load_Should_ReportMissingColumn_When_HeaderLacksOne()
    {
        File.WriteAllText(Path.Combine(_dir, "capacity.csv"), "account_krw,strategy,cagr\n1e8,s,0.1\n");

        var run = RunFolderReader.Load(_dir);

        run.Problems.Should().ContainSingle().Which.Should().Contain("capacity.csv:1 column 'total_return': missing column");
    }

    [Fact]
    public void Load_Should_ReportJsonPosition_When_MetricsIsMalformed()
    {
        File.WriteAllText(Path.Combine(_dir, "metrics.json"), "{\n  \"models\": {\n    \"a\": {\"accuracy\": 0.4,,}\n}\n");

        var run = RunFolderReader.Load(_dir);

        run.Metrics.Models.Should().BeEmpty();
        run.Problems.Should().ContainSingle().Which.Should().Contain("metrics.json:3").And.Contain("not valid JSON");
    }

    [Fact]
    public void Load_Should_RejectConfusionMatrix_When_ItIsNotSquare()
    {
        File.WriteAllText(Path.Combine(_dir, "metrics.json"), "{\"models\": {\"m\": {\"confusion\": [[1,2,3],[3,4,5]]}}}");

        var run = RunFolderReader.Load(_dir);

        run.Problems.Should().ContainSingle().Which.Should().Contain("models.m.confusion").And.Contain("K×K");
    }

    [Fact]
    public void Load_Should_ReadAFourClassConfusionMatrix_When_TheRunHasFourClasses()
    {
        File.WriteAllText(Path.Combine(_dir, "metrics.json"), "{\"models\": {\"m\": {\"confusion\": [[1,2,3,4],[5,6,7,8],[9,10,11,12],[13,14,15,16]]}}}");

        var run = RunFolderReader.Load(_dir);

        run.Problems.Should().BeEmpty();
        run.Metrics.Models.Single().Confusion!.GetLength(0).Should().Be(4);
        run.Metrics.Models.Single().Confusion![3, 2].Should().Be(15);
    }

    [Fact]
    public void Load_Should_RejectRepeatedDates_When_AStrategyHasTwoRowsForOneDay()
    {
        File.WriteAllText(Path.Combine(_dir, "equity.csv"), "date,strategy,equity\n2024-01-02,s,100\n2024-01-02,s,101\n");

        RunFolderReader.Load(_dir).Problems.Should().ContainSingle().Which.Should().Contain("equity.csv:3 column 'date': repeated date 2024-01-02");
    }

    [Fact]
    public void FlattenYaml_Should_JoinKeyPaths_When_ConfigIsNested()
    {
        var leaves = RunFolderReader.FlattenYaml("name: x\ndata:\n  source: synthetic\nlist:\n  - 1\n  - 2\n");

        leaves.Should().Equal(("name", "x"), ("data.source", "synthetic"), ("list[0]", "1"), ("list[1]", "2"));
    }
}
