using System.Globalization;
using System.Text;
using Kosmo.Core;
using Kosmo.Data.Import;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Import;

/// <summary>
/// Multi-file import (<c>KosmoStore.ImportAll</c>): the next file is parsed on a prefetch thread while the previous one is
/// written and checkpoints run beside the writer. What is stored and reported must equal importing the files one by one,
/// an invalid file must stop the batch exactly there, and files already imported (or repeated in the batch) are skipped.
/// Also the writer's 32-row INSERT batches and the packed-key sort of date-major files.
/// </summary>
public sealed class ImportAllTests
{
    private static readonly string[] GoodFixtures =
    [
        "000660.csv", "005930.csv", "fdr_2codes.csv.gz", "marcap_2024_head.csv.gz", "pykrx_2024_head.csv.gz",
        "yahoo_kosdaq_3codes.csv.gz", "yahoo_negative_adjclose.csv.gz",
    ];

    [Fact]
    public void ImportAll_Should_StoreAndReportWhatOneByOneImportsDo_When_AFolderOfMixedFormatsIsImported()
    {
        // Given the real-quirk fixtures (per-stock Korean headers, FDR, marcap, pykrx, Yahoo) in one folder
        using var oneByOne = new TempStore();
        using var batch = new TempStore();
        var folder = CopyFixtures(batch.Dir, GoodFixtures);

        // When one database imports them file by file and the other as one prefetched batch
        var expected = KosmoStoreFiles(folder).Select(f => oneByOne.Store.Import(f)).ToList();
        var actual = batch.Store.ImportAll([folder]);

        // Then the stored rows, stocks and conflict/placeholder counts are identical
        actual.Select(Describe).Should().Equal(expected.Select(Describe));
        actual.Should().OnlyContain(s => !s.AlreadyImported);
        batch.Dump("bars").Should().Equal(oneByOne.Dump("bars"));
        batch.Dump("stocks").Should().Equal(oneByOne.Dump("stocks"));
        batch.Scalar("SELECT COUNT(*) FROM bars").Should().Be(expected.Sum(s => s.Rows));
        batch.Scalar("PRAGMA wal_autocheckpoint").Should().Be(1000, "the batch restores automatic checkpoints");
    }

    [Fact]
    public void ImportAll_Should_StopAtTheInvalidFileAndKeepTheFilesBeforeIt_When_AMiddleFileFailsValidation()
    {
        // Given a folder: a good file, an invalid one (High < Low), and another good file after it
        using var db = new TempStore();
        var folder = Path.Combine(db.Dir, "in");
        Directory.CreateDirectory(folder);
        File.Copy(Expected.Fixture("fdr_2codes.csv.gz"), Path.Combine(folder, "a_fdr.csv.gz"));
        File.Copy(Expected.Fixture("bad_high_below_low.csv"), Path.Combine(folder, "b_bad.csv"));
        File.Copy(Expected.Fixture("pykrx_2024_head.csv.gz"), Path.Combine(folder, "c_pykrx.csv.gz"));
        using var reference = new TempStore();
        reference.Store.Import(Path.Combine(folder, "a_fdr.csv.gz"));

        // When the folder is imported
        var seen = new List<string>();
        var act = () => db.Store.ImportAll([folder], onFile: s => seen.Add(Path.GetFileName(s.Path)));

        // Then the error names the bad file, the first file is stored as alone, and the third was never written
        var e = act.Should().Throw<DataValidationException>().Which;
        e.File.Should().EndWith("b_bad.csv");
        e.Line.Should().BeGreaterThan(1);
        seen.Should().Equal("a_fdr.csv.gz");
        db.Fingerprint().Should().Be(reference.Fingerprint());
        db.Scalar("SELECT COUNT(*) FROM files").Should().Be(1);
    }

    [Fact]
    public void ImportAll_Should_SkipRepeatedContent_When_AFileAppearsTwiceOrTheFolderIsImportedAgain()
    {
        // Given a folder holding the same FDR table under two names, and a marcap file
        using var db = new TempStore();
        var folder = Path.Combine(db.Dir, "in");
        Directory.CreateDirectory(folder);
        File.Copy(Expected.Fixture("fdr_2codes.csv.gz"), Path.Combine(folder, "a.csv.gz"));
        File.Copy(Expected.Fixture("fdr_2codes.csv.gz"), Path.Combine(folder, "b_same.csv.gz"));
        File.Copy(Expected.Fixture("marcap_2024_head.csv.gz"), Path.Combine(folder, "c_marcap.csv.gz"));

        // When the folder is imported twice
        var first = db.Store.ImportAll([folder]);
        var after = db.Fingerprint();
        var second = db.Store.ImportAll([folder]);

        // Then the repeated file is reported as already imported (no key clash), and the second pass changes nothing
        first.Select(s => s.AlreadyImported).Should().Equal(false, true, false);
        first[1].Rows.Should().Be(first[0].Rows);
        second.Should().OnlyContain(s => s.AlreadyImported);
        db.Fingerprint().Should().Be(after);
        db.Scalar("SELECT COUNT(*) FROM files").Should().Be(2);
    }

    [Fact]
    public void Import_Should_NameTheClashingLine_When_TheClashIsInsideAFull32RowInsertBatch()
    {
        // Given an FDR file imported, and a second FDR file of 100 new rows whose 45th data row (line 46) repeats a stored row
        using var db = new TempStore();
        var first = Path.Combine(db.Dir, "first.csv");
        File.WriteAllText(first, "Code,Date,Open,High,Low,Close,Volume,Change\n000777,2020-03-02,10,11,9,10,5,0\n");
        db.Store.Import(first);
        var before = db.Fingerprint();
        var sb = new StringBuilder("Code,Date,Open,High,Low,Close,Volume,Change\n");
        for (var i = 0; i < 100; i++)
        {
            var code = i == 44 ? "000777" : "9" + i.ToString("D5", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{code},2020-03-02,10,11,9,10,5,0\n");
        }

        var second = Path.Combine(db.Dir, "second.csv");
        File.WriteAllText(second, sb.ToString());

        // When it is imported (rows go to SQLite 32 at a time: the clash is the 13th row of the second batch)
        var act = () => db.Store.Import(second);

        // Then the error names line 46 and nothing of the second file was kept
        var e = act.Should().Throw<DataValidationException>().Which;
        e.Line.Should().Be(46);
        e.Problem.Should().Contain("already imported from another file");
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void Import_Should_StoreEveryDateMajorRow_When_CodesHaveMixedLengthsAndSomeAreTooLongToPack()
    {
        // Given date-major files of 20,000 rows (two held chunks) with 6-character letter codes and numeric codes of 1..6
        // digits (stored zero-padded), and the same rows with one 7-character code (no KRX code has 7 characters: the
        // plausibility rule rejects it, so the packed-key sort's general ranking is not reached from a file)
        string[] shortCodes = ["A1A1A1", "A10A10", "B00000", "000123", "00012", "Z9Z9Z9", "0001A0", "9"];
        string[] longCodes = [.. shortCodes[..^1], "1234567"];
        using var packed = new TempStore();
        using var ranked = new TempStore();
        using var codeMajor = new TempStore();

        // When each is imported (and the code-major order of the packed file's rows into a third database)
        packed.Store.Import(WriteFdr(packed.Dir, "packed.csv", shortCodes, dateMajor: true));
        var tooLong = () => ranked.Store.Import(WriteFdr(ranked.Dir, "ranked.csv", longCodes, dateMajor: true));
        codeMajor.Store.Import(WriteFdr(codeMajor.Dir, "code_major.csv", shortCodes, dateMajor: false));

        // Then every row is stored with its values, whichever order the file had; the 7-character code is refused
        packed.Dump("bars").Should().Equal(codeMajor.Dump("bars"));
        packed.Scalar("SELECT COUNT(*) FROM bars").Should().Be(shortCodes.Length * 2500);
        packed.Scalar("SELECT COUNT(*) FROM bars WHERE code='000009'").Should().Be(2500, "numeric codes are stored zero-padded: '9' is 000009");
        tooLong.Should().Throw<DataValidationException>().WithMessage("*invalid stock code '1234567'*");
        ranked.Scalar("SELECT COUNT(*) FROM bars").Should().Be(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pipeline_Should_HandTheWriterRowsInOrdinalCodeThenDateOrder_When_TheFileIsDateMajor(bool withLongCode)
    {
        // Given a date-major file with 6-character letter codes whose ordinal order differs from their file order (every
        // KRX code has 6 characters; numeric ones shorter are zero-padded), with or without a zero-padded numeric code
        string[] codes = ["B00000", "A10000", "A1A000", "Z9Z9Z9", "0001A0", "AB0000", "A00000", withLongCode ? "77" : "Q00000"];
        using var db = new TempStore();
        var file = WriteFdr(db.Dir, "date_major.csv", codes, dateMajor: true);
        var sink = new RecordingSink();

        // When the pipeline parses it and hands the rows to a recording writer
        new ImportPipeline(null).Run(new FileParser(file), () => sink);

        // Then every row arrives once, in SQLite's BINARY (ordinal) code order, then by date
        sink.Keys.Should().HaveCount(codes.Length * 2500);
        for (var i = 1; i < sink.Keys.Count; i++)
        {
            var (c0, d0) = sink.Keys[i - 1];
            var (c1, d1) = sink.Keys[i];
            var cmp = string.CompareOrdinal(c0, c1);
            (cmp < 0 || (cmp == 0 && d0 < d1)).Should().BeTrue($"row {i} ({c1}, {d1}) must follow ({c0}, {d0})");
        }
    }

    private sealed class RecordingSink : RowSink
    {
        public List<(string Code, int Date)> Keys { get; } = [];

        public override void Bar(in ParsedBar bar) => Keys.Add((bar.Code, bar.Date));

        public override void Index(string name, in ParsedIndexBar bar) => throw new InvalidOperationException("no index rows expected");
    }

    private static string WriteFdr(string dir, string name, string[] codes, bool dateMajor)
    {
        const int days = 2500;
        var sb = new StringBuilder("Code,Date,Open,High,Low,Close,Volume,Change\n");
        var dates = new DateOnly[days];
        var date = new DateOnly(2010, 1, 4);
        for (var d = 0; d < days; d++)
        {
            dates[d] = date;
            date = date.AddDays(date.DayOfWeek == DayOfWeek.Friday ? 3 : 1);
        }

        void Row(int c, int d)
        {
            var close = 1000 + (c * 7) + (d % 13);
            sb.Append(CultureInfo.InvariantCulture, $"{codes[c]},{dates[d]:yyyy-MM-dd},{close},{close + 5},{close - 5},{close},{100 + c + d},0.001\n");
        }

        for (var i = 0; i < (dateMajor ? days : codes.Length); i++)
        {
            for (var j = 0; j < (dateMajor ? codes.Length : days); j++)
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

        var path = Path.Combine(dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static string CopyFixtures(string dir, string[] names)
    {
        var folder = Path.Combine(dir, "in");
        Directory.CreateDirectory(folder);
        foreach (var name in names)
        {
            File.Copy(Expected.Fixture(name), Path.Combine(folder, name));
        }

        return folder;
    }

    private static IReadOnlyList<string> KosmoStoreFiles(string folder) => Kosmo.Data.Store.KosmoStore.ExpandPaths([folder]);

    private static string Describe(ImportSummary s) => FormattableString.Invariant(
        $"{Path.GetFileName(s.Path)} {s.Format} {s.Source} rows={s.Rows} codes={s.Codes} {s.FirstDate}..{s.LastDate} halted={s.HaltedRows} placeholders={s.PlaceholderRows} conflicts={s.CrossSourceConflicts} repairs={string.Join(';', s.Repairs.Select(kv => $"{kv.Key}={kv.Value}"))}");
}
