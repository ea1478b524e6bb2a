using Kosmo.Cli.Commands;
using Kosmo.Experiment;

namespace Kosmo.Cli.Tests.Reliability;

/// <summary>A run folder is never destroyed by accident: a fresh run into a non-empty folder needs --resume or --overwrite.</summary>
[Collection("console")]
public sealed class RunFolderSafetyTests : IDisposable
{
    private readonly string _dir = CliHarness.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PublishedRun()
    {
        var run = Path.Combine(_dir, "published");
        Directory.CreateDirectory(Path.Combine(run, "trials"));
        File.WriteAllText(Path.Combine(run, "trials", "cell.json"), "{}");
        File.WriteAllText(Path.Combine(run, "metrics.json"), "{\"models\":{}}");
        File.WriteAllText(Path.Combine(run, "config.yaml"), "name: published\n");
        return run;
    }

    private static string Snapshot(string run) => string.Join("|", Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => f + "=" + File.ReadAllText(f)));

    [Fact]
    public void Run_Should_RefuseAndKeepEverything_When_TheFolderIsNotEmpty()
    {
        // Given a published run
        var run = PublishedRun();
        var before = Snapshot(run);

        // When a fresh run names it
        var (code, _, err) = CliHarness.Run("run", "--out", run);

        // Then exit 2 naming --resume and --overwrite, and every file is as it was
        code.Should().Be(ExitCodes.Usage);
        err.Should().Contain("is not empty").And.Contain("--resume").And.Contain("--overwrite");
        Snapshot(run).Should().Be(before);
    }

    [Fact]
    public void Run_Should_LeaveTheFolderAlone_When_TheDataFolderIsMissing()
    {
        // Given a published run and a missing data folder, even with --overwrite
        var run = PublishedRun();
        var before = Snapshot(run);

        // When run
        var (code, _, _) = CliHarness.Run("run", "--data", Path.Combine(_dir, "no-such-krx"), "--out", run, "--overwrite");

        // Then exit 4 and nothing in the folder changed (validation comes first)
        code.Should().Be(ExitCodes.NotFound);
        Snapshot(run).Should().Be(before);
    }

    [Fact]
    public void CheckRunFolder_Should_Accept_When_ResumeOverwriteOrAnEmptyFolder()
    {
        var run = PublishedRun();
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);

        ((Action)(() => RunCommand.CheckRunFolder(run, new RunOptions(true, null, false)))).Should().NotThrow();
        ((Action)(() => RunCommand.CheckRunFolder(run, new RunOptions(false, null, false, Overwrite: true)))).Should().NotThrow();
        ((Action)(() => RunCommand.CheckRunFolder(run, new RunOptions(false, 0, false)))).Should().NotThrow();
        ((Action)(() => RunCommand.CheckRunFolder(empty, new RunOptions(false, null, false)))).Should().NotThrow();
        ((Action)(() => RunCommand.CheckRunFolder(Path.Combine(_dir, "new"), new RunOptions(false, null, false)))).Should().NotThrow();
        ((Action)(() => RunCommand.CheckRunFolder(run, new RunOptions(false, null, false)))).Should().Throw<UsageException>();
    }

    [Theory]
    [InlineData("../../escape")]
    [InlineData("/tmp/absolute")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("a\\\\b")]
    public void Run_Should_RejectTheName_When_ItIsAPath(string name)
    {
        // Given a config whose name: is a path (line 2)
        var config = Path.Combine(_dir, "n.yaml");
        File.WriteAllText(config, $"seed: 1\nname: \"{name}\"\n");

        // When run without --out
        var (code, _, err) = CliHarness.Run("run", "--config", config);

        // Then exit 2 naming the line and key
        code.Should().Be(ExitCodes.Usage);
        err.Should().Contain("n.yaml:2").And.Contain("name");
    }

    [Fact]
    public void Run_Should_ExitUsageNamingTheLine_When_TheTestYearIsOutsideTheData()
    {
        // Given a small synthetic market (3 years) and a first test year long after it, on line 5
        var config = Path.Combine(_dir, "y.yaml");
        File.WriteAllText(config, "data:\n  synthetic_stocks: 20\n  synthetic_years: 3\nsplit:\n  first_test_year: 2040\n");
        var run = Path.Combine(_dir, "run");

        // When run
        var (code, _, err) = CliHarness.Run("run", "--config", config, "--out", run);

        // Then exit 2 with file:line and key path, and no run folder
        code.Should().Be(ExitCodes.Usage);
        err.Should().Contain("y.yaml:5").And.Contain("split.first_test_year").And.Contain("outside the data");
        Directory.Exists(run).Should().BeFalse();
    }
}
