using System.Globalization;
using System.Text;
using Kosmo.Core;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Import;

/// <summary>
/// The import pipeline (parse thread + writer thread, rows re-sorted into key order) on files larger than one
/// 16,384-row chunk: the row order of a file never changes what is stored, and a late failure still rolls back
/// every chunk already written.
/// </summary>
public sealed class ImportPipelineTests
{
    private const int Codes = 60;
    private const int Days = 400; // 24,000 rows: two chunks

    [Fact]
    public void Import_Should_StoreTheSameRows_When_TheSameBarsComeDateMajorOrCodeMajor()
    {
        // Given one FDR-format table written code-major (streams through) and date-major (held and sorted)
        using var a = new TempStore();
        using var b = new TempStore();
        var codeMajor = Write(a.Dir, "code_major.csv", dateMajor: false);
        var dateMajor = Write(b.Dir, "date_major.csv", dateMajor: true);

        // When each is imported into its own database
        var sa = a.Store.Import(codeMajor);
        var sb = b.Store.Import(dateMajor);

        // Then both store every row with the generated values, and the two databases hold identical rows
        sa.Rows.Should().Be(Codes * Days);
        sb.Rows.Should().Be(Codes * Days);
        var dumpA = a.Dump();
        var dumpB = b.Dump();
        dumpA.Count.Should().Be(Codes * Days);
        dumpB.Should().Equal(dumpA);
        var expectedCloseSum = 0.0;
        for (var c = 0; c < Codes; c++)
        {
            for (var d = 0; d < Days; d++)
            {
                expectedCloseSum += Close(c, d);
            }
        }

        a.Value("SELECT TOTAL(close) FROM bars").Should().Be(expectedCloseSum);
        a.Value("SELECT close FROM bars WHERE code='000123' AND date=" + DateKey(7)).Should().Be(Close(2, 7));
    }

    [Fact]
    public void Import_Should_RollBackEveryWrittenChunk_When_TheLastRowIsInvalid()
    {
        // Given a database with one good file, and a code-major file whose chunks stream to SQLite before its last row fails
        using var db = new TempStore();
        db.Store.Import(Expected.Fixture("fdr_2codes.csv.gz"));
        var before = db.Fingerprint();
        var file = Write(db.Dir, "late_error.csv", dateMajor: false, trailer: "999999,2020-01-02,10,11,abc,10,5,0\n");

        // When it is imported
        var act = () => db.Store.Import(file);

        // Then the error names the last line and its column, and none of the 24,000 good rows was kept
        var e = act.Should().Throw<DataValidationException>().Which;
        e.Line.Should().Be(Codes * Days + 2);
        e.Column.Should().Be("Low");
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void Import_Should_NameTheClashingRowsLine_When_ARowWasImportedFromAnotherFileOfTheSameSource()
    {
        // Given the code-major file imported, and a second FDR file that repeats one of its rows on its line 3
        using var db = new TempStore();
        db.Store.Import(Write(db.Dir, "first.csv", dateMajor: false));
        var before = db.Fingerprint();
        var second = Path.Combine(db.Dir, "second.csv");
        File.WriteAllText(second, "Code,Date,Open,High,Low,Close,Volume,Change\n"
            + "900000,2020-01-02,10,11,9,10,5,0\n"
            + $"000123,{Date(7):yyyy-MM-dd},10,11,9,10,5,0\n");

        // When it is imported
        var act = () => db.Store.Import(second);

        // Then the clash names that row's line (the writer runs after the parser has moved on) and nothing was written
        var e = act.Should().Throw<DataValidationException>().Which;
        e.Line.Should().Be(3);
        e.Problem.Should().Contain("already imported from another file");
        db.Fingerprint().Should().Be(before);
    }

    private static string Code(int c) => (c * 61 + 1).ToString("D6", CultureInfo.InvariantCulture); // 000001, 000062, 000123, ...

    private static DateOnly Date(int d)
    {
        // Weekdays from 2020-01-02.
        var date = new DateOnly(2020, 1, 2);
        for (var i = 0; i < d; i++)
        {
            date = date.AddDays(date.DayOfWeek == DayOfWeek.Friday ? 3 : 1);
        }

        return date;
    }

    private static int DateKey(int d) => Kosmo.Data.Store.KosmoSchema.ToKey(Date(d));

    private static double Close(int c, int d) => 1000 + c * 10 + d % 17;

    private static string Write(string dir, string name, bool dateMajor, string trailer = "")
    {
        var sb = new StringBuilder("Code,Date,Open,High,Low,Close,Volume,Change\n");
        void Row(int c, int d)
        {
            var close = Close(c, d);
            sb.Append(CultureInfo.InvariantCulture, $"{Code(c)},{Date(d):yyyy-MM-dd},{close},{close + 5},{close - 5},{close},{100 + c + d},0.001\n");
        }

        for (var i = 0; i < (dateMajor ? Days : Codes); i++)
        {
            for (var j = 0; j < (dateMajor ? Codes : Days); j++)
            {
                if (dateMajor)
                {
                    Row(j, i);
                }
                else
                {
                    Row(i, j);
                }
            }
        }

        sb.Append(trailer);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
