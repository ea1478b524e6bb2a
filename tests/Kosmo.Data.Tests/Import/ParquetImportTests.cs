using Kosmo.Core;
using Kosmo.Data.Import;
using Kosmo.Data.Marcap;
using Kosmo.Data.Synthetic;
using Kosmo.Data.Tests.Store;
using Kosmo.Testing;

namespace Kosmo.Data.Tests.Import;

/// <summary>Marcap parquet files: the same rows and guarantees as the CSV path.</summary>
public sealed class ParquetImportTests
{
    private static readonly Lazy<IReadOnlyList<MarcapRow>> _synthetic = new(() =>
        MarcapRows.FromSynthetic(SyntheticMarket.Generate(new SyntheticOptions { Seed = 3, Stocks = 12, Years = 1 }), moveToKospi: 1));

    private static string Real(string name) => TestData.Fixture("marcap", "real", name);

    private static string Mirror => TestData.Fixture("marcap", "mirror");

    [Theory]
    [InlineData(false, false, 100_000)]
    [InlineData(true, true, 700)]
    public void ImportParquet_Should_StoreTheSameRowsAsTheCsv_When_BothHoldTheSameMarcapRows(bool dateAsText, bool doubles, int groupRows)
    {
        // Given the same synthetic marcap rows as a csv.gz and as parquet (timestamp or text Date, int64 or double numbers)
        using var csvDb = new TempStore();
        using var parquetDb = new TempStore();
        var csv = Path.Combine(csvDb.Dir, "marcap-2014.csv.gz");
        var parquet = Path.Combine(parquetDb.Dir, "marcap-2014.parquet");
        MarcapFixtureWriter.WriteCsv(csv, _synthetic.Value);
        MarcapFixtureWriter.WriteParquet(parquet, _synthetic.Value, new MarcapFixtureOptions { DateAsText = dateAsText, DoubleNumbers = doubles, RowGroupRows = groupRows });

        // When both are imported
        var a = csvDb.Store.Import(csv);
        var b = parquetDb.Store.Import(parquet);

        // Then the databases hold identical bars and stocks
        b.Format.Should().Be(ImportFormat.Marcap);
        b.Source.Should().Be("marcap");
        b.Rows.Should().Be(a.Rows).And.Be(_synthetic.Value.Count);
        b.HaltedRows.Should().Be(a.HaltedRows).And.BeGreaterThan(0);
        parquetDb.Dump().Should().Equal(csvDb.Dump());
        parquetDb.Dump("stocks").Should().Equal(csvDb.Dump("stocks"));
    }

    [Fact]
    public void ImportParquet_Should_StoreOnlyTheFilesOwnValues_When_AnotherParquetFileWasDecodedBefore()
    {
        // Given a parquet file with every Dept filled in 1,000-row groups, imported first (its decoded columns are reused
        // arrays), and a shorter file of the same codes with every Dept empty and odd 333-row groups, as parquet and as csv.gz
        using var firstDb = new TempStore();
        using var csvDb = new TempStore();
        using var parquetDb = new TempStore();
        var filled = _synthetic.Value.Select(r => r with { Dept = "중견기업부" }).ToList();
        var empty = _synthetic.Value.Take(_synthetic.Value.Count * 2 / 3).Select(r => r with { Dept = "" }).ToList();
        var first = Path.Combine(firstDb.Dir, "marcap-2014.parquet");
        var csv = Path.Combine(csvDb.Dir, "marcap-2014.csv.gz");
        var parquet = Path.Combine(parquetDb.Dir, "marcap-2014.parquet");
        MarcapFixtureWriter.WriteParquet(first, filled, new MarcapFixtureOptions { RowGroupRows = 1_000 });
        MarcapFixtureWriter.WriteCsv(csv, empty);
        MarcapFixtureWriter.WriteParquet(parquet, empty, new MarcapFixtureOptions { RowGroupRows = 333 });

        // When the first file is imported, then the second as parquet and as csv.gz
        firstDb.Store.Import(first).Rows.Should().Be(filled.Count);
        var b = parquetDb.Store.Import(parquet);
        var a = csvDb.Store.Import(csv);

        // Then the second parquet file stores exactly its own rows: no Dept, date or value left over from the first file
        b.Rows.Should().Be(empty.Count).And.Be(a.Rows);
        parquetDb.Scalar("SELECT COUNT(*) FROM bars WHERE dept IS NOT NULL").Should().Be(0);
        firstDb.Scalar("SELECT COUNT(*) FROM bars WHERE dept = '중견기업부'").Should().Be(filled.Count);
        parquetDb.Dump().Should().Equal(csvDb.Dump());
        parquetDb.Dump("stocks").Should().Equal(csvDb.Dump("stocks"));
    }

    [Fact]
    public void ImportParquet_Should_ReadTheRealSlices_When_TypesAndExtraColumnsVary()
    {
        // Given real marcap rows as parquet: timestamp Date + int64, and text Date + double + an unknown 'Sector' column in 200-row groups
        using var db = new TempStore();

        // When both are imported
        var ints = db.Store.Import(Real("current-2023.parquet"));
        var texts = db.Store.Import(Real("text-date-double-2024.parquet"));

        // Then every row is stored with its market cap, shares and change ratio; a missing Dept ('nan' or null) is stored as none, as an empty CSV field is
        ints.Rows.Should().Be(981);
        texts.Rows.Should().Be(999);
        ints.FirstDate.Should().Be(20230102);
        texts.FirstDate.Should().Be(20240102);
        db.Scalar("SELECT COUNT(*) FROM bars WHERE marcap IS NULL OR shares IS NULL OR change_ratio IS NULL").Should().Be(0);
        db.Scalar("SELECT COUNT(*) FROM bars WHERE dept='nan'").Should().Be(0);
        db.Scalar("SELECT COUNT(*) FROM bars WHERE dept LIKE '%부%'").Should().BeGreaterThan(0);
        // 동화약품 on 2023-01-02 (real row: close 11,200, ChagesRatio -0.44 %), as the CSV slices give it
        var expected = MarcapRows.ReadCsv(TestData.Krx("marcap_janfeb_2021-2025.csv.gz") is var f && File.Exists(f) ? f : Real("current-2022-int-nan.csv.gz"),
            r => r.Code == "000020" && r.Date == new DateOnly(2023, 1, 2));
        if (expected.Count == 1)
        {
            ((double)db.Value("SELECT close FROM bars WHERE code='000020' AND date=20230102")!).Should().Be(expected[0].Close);
            ((double)db.Value("SELECT change_ratio FROM bars WHERE code='000020' AND date=20230102")!).Should().BeApproximately(expected[0].ChangesRatio / 100, 1e-12);
        }
    }

    [Fact]
    public void ImportParquet_Should_SkipTheFile_When_ItsContentWasImportedBefore()
    {
        // Given a parquet file imported once
        using var db = new TempStore();
        var first = db.Store.Import(Real("current-2023.parquet"));
        var before = db.Fingerprint();

        // When it is imported again
        var second = db.Store.Import(Real("current-2023.parquet"));

        // Then nothing is done
        first.AlreadyImported.Should().BeFalse();
        second.AlreadyImported.Should().BeTrue();
        second.Rows.Should().Be(first.Rows);
        db.Fingerprint().Should().Be(before);
    }

    [Theory]
    [InlineData("Close")]
    [InlineData("Marcap")]
    [InlineData("Date")]
    public void ImportParquet_Should_RejectTheFileAndChangeNothing_When_ARequiredColumnIsMissing(string column)
    {
        // Given a database holding one file, and a parquet year without a required column
        using var db = new TempStore();
        db.Store.Import(Real("current-2023.parquet"));
        var before = db.Fingerprint();
        var path = Path.Combine(db.Dir, "marcap-2014.parquet");
        MarcapFixtureWriter.WriteParquet(path, _synthetic.Value, new MarcapFixtureOptions { OmitColumns = [column] });

        // When it is imported
        var act = () => db.Store.Import(path);

        // Then the error names the file and the column, and the database is unchanged
        var e = act.Should().Throw<DataValidationException>().Which;
        e.File.Should().Be(path);
        e.Message.Should().Contain(column);
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void ImportParquet_Should_NameTheRowGroupAndRow_When_ARowIsInvalid()
    {
        // Given a parquet file in 500-row groups whose row 1,234 (row group 2, row 234) has a negative close
        using var db = new TempStore();
        db.Store.Import(Real("current-2023.parquet"));
        var before = db.Fingerprint();
        var rows = _synthetic.Value.ToArray();
        rows[1233] = rows[1233] with { Close = -5 };
        var path = Path.Combine(db.Dir, "marcap-2014.parquet");
        MarcapFixtureWriter.WriteParquet(path, rows, new MarcapFixtureOptions { RowGroupRows = 500 });

        // When it is imported
        var act = () => db.Store.Import(path);

        // Then the error names file, row group, row and column; nothing of the file was kept
        var e = act.Should().Throw<DataValidationException>().Which;
        e.File.Should().Be(path);
        e.Line.Should().Be(1234);
        e.Column.Should().Be("Close");
        e.Problem.Should().Contain("row group 2, row 234").And.Contain("negative price");
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void ImportParquet_Should_LeaveForeignKeyChecksOn_When_AFileWasImportedOrRejected()
    {
        // Given a store (foreign-key checks on) and two parquet years, the second with a negative close in its last row
        using var db = new TempStore();
        var good = Path.Combine(db.Dir, "marcap-2014.parquet");
        var bad = Path.Combine(db.Dir, "marcap-2015.parquet");
        MarcapFixtureWriter.WriteParquet(good, _synthetic.Value);
        var rows = _synthetic.Value.Select(r => r with { Date = r.Date.AddYears(1) }).ToArray();
        rows[^1] = rows[^1] with { Close = -5 };
        MarcapFixtureWriter.WriteParquet(bad, rows);
        ForeignKeys(db).Should().Be(1);

        // When the first imports (its rows are written with the per-row foreign-key probe off) and the second fails
        db.Store.Import(good).Rows.Should().Be(_synthetic.Value.Count);
        var afterGood = ForeignKeys(db);
        var act = () => db.Store.Import(bad);

        // Then the connection checks foreign keys again after each, and the stored rows all reference a known source
        act.Should().Throw<DataValidationException>().Which.Line.Should().Be(rows.Length);
        afterGood.Should().Be(1);
        ForeignKeys(db).Should().Be(1);
        db.Scalar("SELECT COUNT(*) FROM pragma_foreign_key_check").Should().Be(0);
        db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(_synthetic.Value.Count);
    }

    private static long ForeignKeys(TempStore db)
    {
        using var cmd = db.Store.Connection.CreateCommand();
        cmd.CommandText = "PRAGMA foreign_keys";
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void ImportParquet_Should_RejectTheFileClearly_When_ItIsNotParquet()
    {
        // Given a file named .parquet holding a truncated parquet file
        using var db = new TempStore();
        var path = Path.Combine(db.Dir, "marcap-2023.parquet");
        var bytes = File.ReadAllBytes(Real("current-2023.parquet"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var before = db.Fingerprint();

        // When it is imported
        var act = () => db.Store.Import(path);

        // Then a validation error names the file and the database is unchanged
        act.Should().Throw<DataValidationException>().Which.File.Should().Be(path);
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void ImportAll_Should_ImportAMultiYearMarcapMarket_When_AFolderMixesParquetAndCsvGzYears()
    {
        // Given the committed mirror: 2014 and 2015 as parquet, 2016 as csv.gz (a synthetic market with delistings, 5:1 splits and KOSDAQ -> KOSPI moves)
        using var db = new TempStore();

        // When the folder is imported
        var summaries = db.Store.ImportAll([Mirror]);

        // Then all three years are stored as marcap rows
        summaries.Select(s => Path.GetFileName(s.Path)).Should().Equal("marcap-2014.parquet", "marcap-2015.parquet", "marcap-2016.csv.gz");
        summaries.Should().OnlyContain(s => s.Source == "marcap" && s.Format == ImportFormat.Marcap);
        db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(3676 + 4645 + 4179);
        var last = db.Scalar("SELECT MAX(date) FROM bars");
        db.Scalar($"SELECT COUNT(*) FROM (SELECT code FROM bars GROUP BY code HAVING MAX(date) < {last})").Should().BeGreaterThan(0, "delisted stocks stay in the data until their last day");
        db.Scalar("SELECT COUNT(*) FROM (SELECT code FROM bars GROUP BY code HAVING MAX(shares) >= 4.9 * MIN(shares))").Should().BeGreaterThan(0, "a 5:1 split shows in Stocks");
        var info = db.Store.Info();
        info.Years.Select(y => y.Year).Should().Equal(2014, 2015, 2016);
        info.Years.Should().OnlyContain(y => y.SurvivorshipFree > 0 && y.BiasedOnly == 0);
    }
}
