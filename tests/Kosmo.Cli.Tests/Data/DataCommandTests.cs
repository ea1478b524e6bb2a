using Kosmo.Testing;

namespace Kosmo.Cli.Tests.Data;

[Collection("console")]
public sealed class DataCommandTests
{
    [Fact]
    public void DataImport_Should_ReturnInvalidDataAndNameTheLine_When_FileIsBad()
    {
        // Given a file with a non-numeric High on line 3
        var db = Path.Combine(Path.GetTempPath(), "kosmo-cli-" + Guid.NewGuid().ToString("N") + ".db");
        var root = Program.BuildRoot();
        using var error = new StringWriter();
        var swap = new ConsoleSwap(Console.Out, error);
        try
        {
            // When imported through the CLI
            var code = root.Parse(["data", "import", TestData.Fixture("import", "bad_non_numeric.csv"), "--db", db]).Invoke();

            // Then the exit code is InvalidData and the message names line and column
            code.Should().Be(ExitCodes.InvalidData);
            error.ToString().Should().Contain("bad_non_numeric.csv:3 column 'High': non-numeric value 'abc'");
        }
        finally
        {
            swap.Dispose();
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    [Fact]
    public void DataSynth_Should_WriteAFileThatImports_When_Run()
    {
        // Given a temp folder
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-cli-synth-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var root = Program.BuildRoot();
            var file = Path.Combine(dir, "s.csv.gz");

            // When synth then import then info run
            root.Parse(["data", "synth", "--out", file, "--seed", "4", "--stocks", "10", "--years", "1"]).Invoke().Should().Be(ExitCodes.Ok);
            root.Parse(["data", "import", file, "--db", Path.Combine(dir, "k.db")]).Invoke().Should().Be(ExitCodes.Ok);

            // Then the database lists the synthetic source
            root.Parse(["data", "info", "--db", Path.Combine(dir, "k.db")]).Invoke().Should().Be(ExitCodes.Ok);
            File.Exists(file).Should().BeTrue();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
