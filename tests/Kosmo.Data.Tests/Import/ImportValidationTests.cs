using Kosmo.Core;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Import;

public sealed class ImportValidationTests
{
    [Theory]
    [InlineData("bad_missing_column.csv", 1, "Close", "missing required column")]
    [InlineData("bad_non_numeric.csv", 3, "High", "non-numeric value 'abc'")]
    [InlineData("bad_negative_price.csv", 3, "Close", "negative price")]
    [InlineData("bad_high_below_low.csv", 3, "High", "below Low")]
    [InlineData("bad_duplicate_row.csv", 4, "Date", "duplicate row for code 000020")]
    [InlineData("bad_unsorted_dates.csv", 3, "Date", "dates not sorted within code 000020")]
    [InlineData("bad_truncated_line.csv", 3, "", "truncated last line")]
    [InlineData("bad_unknown_header.csv", 1, "", "unrecognised header")]
    [InlineData("bad_empty.csv.gz", 0, "", "the file is empty")]
    [InlineData("bad_empty_gzip.csv.gz", 0, "", "gzip stream is empty")]
    [InlineData("bad_encoding.csv", 0, "", "neither valid UTF-8 nor CP949")]
    public void Import_Should_ThrowNamingLineColumnAndProblem_AndLeaveDbUnchanged_When_FileIsInvalid(string file, long line, string column, string problem)
    {
        // Given a database that already holds one good file (other codes, same source)
        using var db = new TempStore();
        db.Store.Import(Expected.Fixture("fdr_2codes.csv.gz"));
        var before = db.Fingerprint();

        // When a bad file is imported
        var act = () => db.Store.Import(Expected.Fixture(file));

        // Then the error names file, line, column and problem, and nothing was written
        var e = act.Should().Throw<DataValidationException>().Which;
        e.File.Should().EndWith(file);
        e.Line.Should().Be(line);
        e.Column.Should().Be(column);
        e.Problem.Should().Contain(problem);
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void Import_Should_ThrowAndWriteNothing_When_GzipIsTruncated()
    {
        // Given a real pykrx slice cut in the middle of its gzip stream
        using var db = new TempStore();
        var before = db.Fingerprint();

        // When it is imported
        var act = () => db.Store.Import(Expected.Fixture("bad_truncated.csv.gz"));

        // Then it fails (corrupt gzip or a cut-short last line) and the database is as before
        act.Should().Throw<DataValidationException>().Which.Problem.Should().MatchRegex("gzip|truncated|cut short|expected");
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void Import_Should_ThrowAndRollBack_When_SameSourceRowsComeFromAnotherFile()
    {
        // Given good_small.csv imported (fdr source) and a copy with one more row but the same first rows
        using var db = new TempStore();
        db.Store.Import(Expected.Fixture("good_small.csv"));
        var copy = Path.Combine(db.Dir, "copy.csv");
        File.WriteAllText(copy, File.ReadAllText(Expected.Fixture("good_small.csv")) + "000030,2024-01-02,10,11,9,10,5,0\n");
        var before = db.Fingerprint();

        // When the copy is imported
        var act = () => db.Store.Import(copy);

        // Then the clash is reported and nothing of the copy is kept
        act.Should().Throw<DataValidationException>().Which.Problem.Should().Contain("already imported from another file");
        db.Fingerprint().Should().Be(before);
    }
}
