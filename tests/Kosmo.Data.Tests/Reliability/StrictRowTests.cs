using Kosmo.Core;
using Kosmo.Data.Store;
using Kosmo.Data.Tests.Store;
using Kosmo.Testing;

namespace Kosmo.Data.Tests.Reliability;

/// <summary>
/// Strict rows and plausibility bounds, on slices of the real files spoiled one way each
/// (tools/make_bad_input_fixtures.py): the import fails naming file, line and the problem, and leaves the database as it was.
/// </summary>
public sealed class StrictRowTests
{
    [Theory]
    [InlineData("extra_field_marcap.csv", 3, "expected 18 fields as in the header, found 19")]
    [InlineData("short_row_marcap.csv", 4, "expected 18 fields as in the header, found 17")]
    [InlineData("extra_field_pykrx.csv", 3, "expected 8 fields as in the header, found 9")]
    [InlineData("extra_field_index.csv", 3, "expected 11 fields as in the header, found 12")]
    [InlineData("extra_field_codes.csv", 3, "expected 9 fields as in the header, found 10")]
    [InlineData("future_date.csv", 7, "is in the future")]
    [InlineData("trailing_date.csv", 3, "not a date: '2023-12-06 oops'")]
    [InlineData("long_code.csv", 2, "invalid stock code '0000020'")]
    [InlineData("huge_volume.csv", 3, "Volume 1E+300 is outside [0, 1e13]")]
    [InlineData("huge_amount_marcap.csv", 3, "Amount 1E+17 is outside [0, 1e16]")]
    public void Import_Should_FailNamingTheLineAndLeaveTheDatabase_When_ARowIsBad(string fixture, int line, string problem)
    {
        // Given a database holding a good slice
        using var db = new TempStore();
        db.Store.Import(TestData.Fixture("bad_inputs", "good_pykrx.csv"));
        var before = db.Fingerprint();
        var bars = db.Dump("bars");

        // When the spoiled file is imported
        var act = () => db.Store.Import(TestData.Fixture("bad_inputs", fixture));

        // Then it fails with file, line and the problem, and nothing changed
        var e = act.Should().Throw<DataValidationException>().Which;
        e.File.Should().EndWith(fixture);
        e.Line.Should().Be(line);
        e.Message.Should().Contain(problem);
        db.Fingerprint().Should().Be(before);
        db.Dump("bars").Should().Equal(bars);
    }

    [Fact]
    public void Import_Should_RejectARow_When_ItHasMoreFieldsThanTheReaderKeeps()
    {
        using var db = new TempStore();
        var file = Path.Combine(db.Dir, "wide.csv");
        File.WriteAllText(file, "Code,Date,Open,High,Low,Close,Volume,ChangePct\n000020,2023-12-05,1,1,1,1,1,0" + new string(',', 70) + "\n");

        var act = () => db.Store.Import(file);

        act.Should().Throw<DataValidationException>().Which.Message.Should().Contain("found more than 64");
    }

    [Fact]
    public void Import_Should_NotRecordTheFile_When_ItHasOnlyAHeader()
    {
        // Given a header-only file
        using var db = new TempStore();

        // When imported
        var summary = db.Store.Import(TestData.Fixture("bad_inputs", "header_only.csv"));

        // Then it is reported as having no rows and not recorded as imported (a later version with rows imports)
        summary.NoRows.Should().BeTrue();
        summary.AlreadyImported.Should().BeFalse();
        db.Scalar("SELECT COUNT(*) FROM files").Should().Be(0);
        db.Store.Import(TestData.Fixture("bad_inputs", "header_only.csv")).NoRows.Should().BeTrue();
    }

    [Fact]
    public void Import_Should_ClipTheEcho_When_TheHeaderIsHuge()
    {
        // Given a file whose header is 10 MB of one unknown column name
        using var db = new TempStore();
        var file = Path.Combine(db.Dir, "huge_header.csv");
        File.WriteAllText(file, new string('x', 10_000_000) + "\n1\n");

        // When imported
        var act = () => db.Store.Import(file);

        // Then the message is short and says how much was left out
        var message = act.Should().Throw<DataValidationException>().Which.Message;
        message.Length.Should().BeLessThan(1000);
        message.Should().Contain("more characters");
    }

    [Fact]
    public void ExpandPaths_Should_SayNothingToImport_When_TheFolderIsEmpty()
    {
        using var db = new TempStore();
        var empty = Path.Combine(db.Dir, "empty");
        Directory.CreateDirectory(empty);

        var act = () => KosmoStore.ExpandPaths([empty]);

        act.Should().Throw<FileNotFoundException>().WithMessage("*no .csv, .csv.gz or .parquet files*nothing to import*");
    }

    [Fact]
    public async Task ExpandPaths_Should_VisitEachRealFolderOnce_When_SymlinksFormACycle()
    {
        // Given a/b/file.csv with b/up -> a and a/loop -> a (two cycles)
        using var db = new TempStore();
        var a = Path.Combine(db.Dir, "a");
        var b = Path.Combine(a, "b");
        Directory.CreateDirectory(b);
        File.Copy(TestData.Fixture("bad_inputs", "good_pykrx.csv"), Path.Combine(b, "file.csv"));
        Directory.CreateSymbolicLink(Path.Combine(b, "up"), a);
        Directory.CreateSymbolicLink(Path.Combine(a, "loop"), ".");

        // When expanded (bounded in time: the old recursive enumeration never returns)
        var task = Task.Run(() => KosmoStore.ExpandPaths([a]));
        var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10))) == task;

        // Then it finishes, listing the one real file once
        finished.Should().BeTrue("a symlink cycle must not loop");
        (await task).Should().ContainSingle().Which.Should().EndWith("file.csv");
    }
}
