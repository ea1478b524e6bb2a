using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Data.Store;
using Kosmo.Testing;
using Microsoft.Data.Sqlite;

namespace Kosmo.Cli.Tests.Reliability;

/// <summary>The exit-code contract (docs/usage.md): 0 ok, 1 bug only, 2 usage or bad config, 3 bad input data, 4 missing input, 130 interrupted.</summary>
[Collection("console")]
public sealed class ExitCodeContractTests : IDisposable
{
    private readonly string _dir = CliHarness.TempDir();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("run", "--no-such-flag")]
    [InlineData("run", "--threads", "0")]
    [InlineData("run", "--threads", "many")]
    [InlineData("run", "--max-cells", "0")]
    [InlineData("no-such-command")]
    [InlineData("data", "import")]
    public void Run_Should_ExitUsage_When_TheCommandLineIsBad(params string[] args)
    {
        // Given a bad command line, When run through the entry point
        var (code, _, err) = CliHarness.Run(args);

        // Then exit 2 with error lines and no stack trace
        code.Should().Be(ExitCodes.Usage);
        err.Should().Contain("error:").And.NotContain("   at ");
    }

    [Fact]
    public void Run_Should_ExitUsageNamingLineAndKey_When_TheConfigIsBad()
    {
        // Given a config with a bad value on line 3
        var config = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(config, "seed: 1\nmodel:\n  dropout: 1.5\n");

        // When run
        var (code, _, err) = CliHarness.Run("run", "--config", config, "--out", Path.Combine(_dir, "run"));

        // Then exit 2, one line with file:line and the key path; nothing created
        code.Should().Be(ExitCodes.Usage);
        err.Should().Contain("bad.yaml:3").And.Contain("model.dropout").And.NotContain("   at ");
        Directory.Exists(Path.Combine(_dir, "run")).Should().BeFalse();
    }

    [Fact]
    public void Run_Should_ExitNotFound_When_TheConfigFileIsMissing()
    {
        var (code, _, err) = CliHarness.Run("run", "--config", Path.Combine(_dir, "missing.yaml"), "--out", Path.Combine(_dir, "run"));

        code.Should().Be(ExitCodes.NotFound);
        err.Should().Contain("missing.yaml").And.NotContain("   at ");
    }

    [Fact]
    public void DataImport_Should_ExitInvalidData_When_AFileIsBad()
    {
        var (code, _, err) = CliHarness.Run("data", "import", TestData.Fixture("bad_inputs", "extra_field_marcap.csv"), "--db", Path.Combine(_dir, "k.db"));

        code.Should().Be(ExitCodes.InvalidData);
        err.Should().Contain("extra_field_marcap.csv:3").And.Contain("expected 18 fields as in the header, found 19");
    }

    [Fact]
    public void DataImport_Should_ExitNotFound_When_TheFolderIsMissingOrEmpty()
    {
        // Given a missing path and an empty folder
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        var db = Path.Combine(_dir, "k.db");

        // When imported
        var missing = CliHarness.Run("data", "import", Path.Combine(_dir, "nope"), "--db", db);
        var none = CliHarness.Run("data", "import", empty, "--db", db);

        // Then both exit 4 with one line; the empty folder says so; no database was created
        missing.Code.Should().Be(ExitCodes.NotFound);
        none.Code.Should().Be(ExitCodes.NotFound);
        none.Err.Should().Contain("no .csv, .csv.gz or .parquet files").And.Contain("nothing to import");
        File.Exists(db).Should().BeFalse();
    }

    [Fact]
    public void DataImport_Should_NameTheFilesKept_When_AFolderImportHitsABadFile()
    {
        // Given a folder with a good file sorted before a bad one
        var folder = Path.Combine(_dir, "in");
        Directory.CreateDirectory(folder);
        File.Copy(TestData.Fixture("bad_inputs", "good_pykrx.csv"), Path.Combine(folder, "a_good.csv"));
        File.Copy(TestData.Fixture("bad_inputs", "extra_field_pykrx.csv"), Path.Combine(folder, "b_bad.csv"));

        // When the folder is imported
        var (code, _, err) = CliHarness.Run("data", "import", folder, "--db", Path.Combine(_dir, "k.db"));

        // Then exit 3 naming the bad line, and the file imported before it is named as kept
        code.Should().Be(ExitCodes.InvalidData);
        err.Should().Contain("b_bad.csv:3").And.Contain("kept: 1 file(s) imported before the failure stay imported").And.Contain("a_good.csv");
    }

    [Fact]
    public void DataInfo_Should_ExitNotFound_When_TheDatabaseIsMissing()
    {
        var (code, _, err) = CliHarness.Run("data", "info", "--db", Path.Combine(_dir, "missing.db"));

        code.Should().Be(ExitCodes.NotFound);
        err.Should().Contain("missing.db").And.NotContain("   at ");
    }

    [Fact]
    public void DataCommands_Should_ExitInvalidData_When_TheDatabaseIsCorrupt()
    {
        // Given a file that is not a SQLite database
        var db = Path.Combine(_dir, "corrupt.db");
        File.WriteAllText(db, "this is not a database, just text that is long enough to be read as a header\n");

        // When read and written
        var info = CliHarness.Run("data", "info", "--db", db);
        var import = CliHarness.Run("data", "import", TestData.Fixture("bad_inputs", "good_pykrx.csv"), "--db", db);

        // Then both exit 3 with one clear line, and the file is untouched
        info.Code.Should().Be(ExitCodes.InvalidData);
        import.Code.Should().Be(ExitCodes.InvalidData);
        info.Err.Should().Contain("not a SQLite database").And.NotContain("   at ");
        import.Err.Should().Contain("not a SQLite database").And.NotContain("   at ");
        File.ReadAllText(db).Should().StartWith("this is not a database");
    }

    [Fact]
    public void DataCommands_Should_ExitInvalidData_When_TheSchemaIsNewer()
    {
        // Given a Kosmo database whose schema version is from the future
        var db = Path.Combine(_dir, "newer.db");
        using (var store = KosmoStore.Open(db))
        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.CommandText = "UPDATE meta SET value='99' WHERE key='schema_version'";
            cmd.ExecuteNonQuery();
        }

        // When read and written
        var info = CliHarness.Run("data", "info", "--db", db);
        var import = CliHarness.Run("data", "import", TestData.Fixture("bad_inputs", "good_pykrx.csv"), "--db", db);

        // Then exit 3 naming the version
        info.Code.Should().Be(ExitCodes.InvalidData);
        import.Code.Should().Be(ExitCodes.InvalidData);
        info.Err.Should().Contain("schema version 99").And.NotContain("   at ");
    }

    [Fact]
    public void DataCommands_Should_ExitUsage_When_TheDatabasePathIsAFolder()
    {
        var info = CliHarness.Run("data", "info", "--db", _dir);
        var import = CliHarness.Run("data", "import", TestData.Fixture("bad_inputs", "good_pykrx.csv"), "--db", _dir);
        var run = CliHarness.Run("run", "--db", _dir, "--out", Path.Combine(_dir, "run"));

        info.Code.Should().Be(ExitCodes.Usage);
        import.Code.Should().Be(ExitCodes.Usage);
        run.Code.Should().Be(ExitCodes.Usage);
        info.Err.Should().Contain("is a folder").And.NotContain("   at ");
    }

    [Fact]
    public void DataImport_Should_ExitUsage_When_TheDatabaseIsReadOnly()
    {
        // Given an imported database made immutable (root ignores chmod; chattr +i stops root too)
        var db = Path.Combine(_dir, "ro.db");
        CliHarness.Run("data", "import", TestData.Fixture("bad_inputs", "good_pykrx.csv"), "--db", db).Code.Should().Be(ExitCodes.Ok);
        SqliteConnection.ClearAllPools();
        if (!Immutable.Set(db, true))
        {
            return; // chattr is not available here: the read-only open is covered by ReadOnlyDatabaseTests
        }

        try
        {
            // When a write command uses it
            var (code, _, err) = CliHarness.Run("data", "import", TestData.Fixture("bad_inputs", "good_marcap.csv"), "--db", db);

            // Then exit 2 with one line saying it cannot be written
            code.Should().Be(ExitCodes.Usage);
            err.Should().Contain("cannot write the database").And.NotContain("   at ");
        }
        finally
        {
            Immutable.Set(db, false);
        }
    }

    [Fact]
    public void Report_Should_MapEveryKnownFailure_When_Classified()
    {
        CliErrors.Classify(new OperationCanceledException()).Code.Should().Be(ExitCodes.Cancelled);
        CliErrors.Classify(new ConfigException("a.yaml", 3, "model.hidden", "bad")).Code.Should().Be(ExitCodes.Usage);
        CliErrors.Classify(new DataValidationException("a.csv", 3, "High", "bad")).Code.Should().Be(ExitCodes.InvalidData);
        CliErrors.Classify(new FileNotFoundException("x")).Code.Should().Be(ExitCodes.NotFound);
        CliErrors.Classify(new DirectoryNotFoundException("x")).Code.Should().Be(ExitCodes.NotFound);
        CliErrors.Classify(new StoreException("k.db", StoreProblem.Corrupt, "bad")).Code.Should().Be(ExitCodes.InvalidData);
        CliErrors.Classify(new StoreException("k.db", StoreProblem.ReadOnly, "bad")).Code.Should().Be(ExitCodes.Usage);
        CliErrors.Classify(new NullReferenceException()).Code.Should().Be(ExitCodes.Failure);
    }

    [Fact]
    public void Report_Should_PrintTheStackTraceOnlyWithVerbose_When_ABugEscapes()
    {
        // Given an unexpected exception with a stack trace
        Exception bug;
        try
        {
            throw new InvalidCastException("boom");
        }
        catch (InvalidCastException e)
        {
            bug = e;
        }

        using var quiet = new StringWriter();
        using var verbose = new StringWriter();

        // When reported without and with --verbose
        CliErrors.Report(bug, quiet, verbose: false).Should().Be(ExitCodes.Failure);
        CliErrors.Report(bug, verbose, verbose: true).Should().Be(ExitCodes.Failure);

        // Then exit 1; the trace only with --verbose
        quiet.ToString().Should().Contain("boom").And.Contain("--verbose").And.NotContain("   at ");
        verbose.ToString().Should().Contain("   at ");
    }
}
