using Kosmo.Testing;

namespace Kosmo.Cli.Tests.Data;

/// <summary><c>kosmo data import</c> with marcap parquet, --index-name and re-imports; <c>data info</c> per year.</summary>
[Collection("console")]
public sealed class DataImportMarcapTests
{
    [Fact]
    public void DataImport_Should_ImportParquetAndNamedIndexAndReportYears_When_Run()
    {
        // Given the committed marcap mirror (parquet and csv.gz years) and an index file whose name says nothing
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-cli-marcap-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "k.db");
        var index = Path.Combine(dir, "download.csv");
        File.WriteAllLines(index, ["Date,Close,Open,High,Low,Volume", "2016-01-04,680.5,680,681,679,100", "2016-01-05,682.5,681,683,680,100"]);
        var root = Program.BuildRoot();
        using var output = new StringWriter();
        var swap = new ConsoleSwap(output);
        try
        {
            // When the folder and the index (named KOSDAQ) are imported, then info runs
            root.Parse(["data", "import", TestData.Fixture("marcap", "mirror"), "--db", db]).Invoke().Should().Be(ExitCodes.Ok);
            root.Parse(["data", "import", index, "--index-name", "KOSDAQ", "--db", db]).Invoke().Should().Be(ExitCodes.Ok);
            var info = root.Parse(["data", "info", "--db", db]).Invoke();

            // Then every year is imported, the index is KOSDAQ and the database counts survivorship-free stocks per year
            info.Should().Be(ExitCodes.Ok);
            output.ToString().Should().Contain("marcap-2014.parquet").And.Contain("marcap-2016.csv.gz");
            using var store = Kosmo.Data.Store.KosmoStore.Open(db);
            var summary = store.Info();
            summary.Indices.Select(i => i.Name).Should().Equal("KOSDAQ");
            summary.Years.Select(y => y.Year).Should().Equal(2014, 2015, 2016);
            summary.Years.Should().OnlyContain(y => y.SurvivorshipFree > 0);
        }
        finally
        {
            swap.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
