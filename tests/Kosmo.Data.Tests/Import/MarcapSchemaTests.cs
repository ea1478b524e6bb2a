using System.Globalization;
using System.IO.Compression;
using Kosmo.Core;
using Kosmo.Data.Import;
using Kosmo.Data.Marcap;
using Kosmo.Data.Tests.Store;
using Kosmo.Testing;

namespace Kosmo.Data.Tests.Import;

/// <summary>Every marcap CSV layout seen so far: legacy, 2021–2025, and 2026 with both ratio columns.</summary>
public sealed class MarcapSchemaTests
{
    private const string Header2026 = "Code,Name,Market,Dept,Close,ChangeCode,Changes,ChagesRatio,ChangesRatio,Open,High,Low,Volume,Amount,Marcap,Stocks,MarketId,Rank,Date";

    private static string Real(string name) => TestData.Fixture("marcap", "real", name);

    [Fact]
    public void Import_Should_TakeTheChangeRatioFromChangesRatio_When_A2026FileHasAnEmptyChagesRatio()
    {
        // Given a slice of real marcap rows in the January–February 2026 layout: ChagesRatio present but empty, ChangesRatio filled
        using var db = new TempStore();
        var path = Real("y2026-shape-2025.csv.gz");
        var expected = ChangesRatioColumn(path);
        expected.Should().HaveCount(791);
        expected.Values.Should().Contain(v => v != 0);

        // When it is imported
        var s = db.Store.Import(path);

        // Then every row's change ratio is ChangesRatio / 100
        s.Rows.Should().Be(791);
        s.Source.Should().Be("marcap");
        var stored = new Dictionary<(string, int), double>();
        using (var cmd = db.Store.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT code, date, change_ratio FROM bars";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                stored[(r.GetString(0), r.GetInt32(1))] = r.GetDouble(2);
            }
        }

        stored.Should().HaveCount(expected.Count);
        foreach (var (key, percent) in expected)
        {
            stored[key].Should().BeApproximately(percent / 100, 1e-12, $"{key} has ChangesRatio {percent}");
        }
    }

    [Fact]
    public void Import_Should_AcceptBothRatioColumns_When_TheyAreBothFilledAndAgree()
    {
        // Given a 2026-layout file whose rows fill ChagesRatio and ChangesRatio with the same value, or only the old one
        using var db = new TempStore();
        var path = Write(db.Dir, "marcap-2026.csv",
            "000020,동화약품,KOSPI,,6300.0,1,50.0,0.8,0.8,6310.0,6340.0,6240.0,23822.0,149708880.0,175968261000.0,27931470,STK,908,2026-01-02",
            "000020,동화약품,KOSPI,,6350.0,1,50.0,0.79,,6310.0,6360.0,6240.0,23822.0,149708880.0,177364834500.0,27931470,STK,908,2026-01-05");

        // When it is imported
        db.Store.Import(path);

        // Then the change ratio comes from whichever column is filled
        db.Dump().Select(r => r.Split('|')[12]).Should().Equal("0.008", "0.0079");
    }

    [Fact]
    public void Import_Should_FailNamingTheLineAndBothColumns_When_BothRatioColumnsAreFilledAndDiffer()
    {
        // Given a database with data, and a 2026-layout file whose second row has ChagesRatio 0.8 and ChangesRatio 1.2
        using var db = new TempStore();
        db.Store.Import(Real("current-2022-int-nan.csv.gz"));
        var before = db.Fingerprint();
        var path = Write(db.Dir, "marcap-2026.csv",
            "000020,동화약품,KOSPI,,6300.0,1,50.0,,0.8,6310.0,6340.0,6240.0,23822.0,149708880.0,175968261000.0,27931470,STK,908,2026-01-02",
            "000020,동화약품,KOSPI,,6350.0,1,50.0,0.8,1.2,6310.0,6360.0,6240.0,23822.0,149708880.0,177364834500.0,27931470,STK,908,2026-01-05");

        // When it is imported
        var act = () => db.Store.Import(path);

        // Then the error names the file, line 3 and both columns; the database is unchanged
        var e = act.Should().Throw<DataValidationException>().Which;
        e.File.Should().Be(path);
        e.Line.Should().Be(3);
        e.Message.Should().Contain("ChagesRatio").And.Contain("ChangesRatio").And.Contain("differ");
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void Import_Should_RejectTheHeader_When_AColumnNameAppearsTwice()
    {
        // Given a header with ChangesRatio twice (a genuinely broken file, not two spellings)
        using var db = new TempStore();
        var path = Write(db.Dir, "bad.csv", Header2026.Replace("ChagesRatio,", "ChangesRatio,", StringComparison.Ordinal), []);

        // When it is imported
        var act = () => db.Store.Import(path);

        // Then the header is rejected, naming the column
        act.Should().Throw<DataValidationException>().Which.Message.Should().Contain("ChangesRatio").And.Contain("twice");
    }

    [Fact]
    public void Import_Should_ReadTheLegacyLayout_When_MarketDeptAndChangeCodeAreAbsent()
    {
        // Given real 2021 rows in the legacy layout (MarcapRatio, ForeignShares, ForeignRatio; no Market, Dept, ChangeCode)
        using var db = new TempStore();

        // When it is imported
        var s = db.Store.Import(Real("legacy-2021.csv.gz"));

        // Then every row is a marcap bar with market cap, shares and change ratio
        s.Format.Should().Be(ImportFormat.Marcap);
        s.Rows.Should().Be(686);
        db.Scalar("SELECT COUNT(*) FROM bars WHERE marcap IS NULL OR shares IS NULL OR change_ratio IS NULL").Should().Be(0);
        ((double)db.Value("SELECT change_ratio FROM bars WHERE code='000020' AND date=20210104")!).Should().BeApproximately(-0.028, 1e-12);
    }

    [Fact]
    public void Import_Should_StoreTheSameRows_When_NumbersHaveNoDecimalPointAndEmptyDeptIsNan()
    {
        // Given the same real 2022 rows written with integers and 'nan' Dept (committed) and with floats and empty Dept
        using var a = new TempStore();
        using var b = new TempStore();
        var rows = MarcapRows.ReadCsv(Real("current-2022-int-nan.csv.gz"));
        var floats = Path.Combine(b.Dir, "current-2022-int-nan.csv.gz");
        MarcapFixtureWriter.WriteCsv(floats, rows);

        // When both are imported
        a.Store.Import(Real("current-2022-int-nan.csv.gz"));
        b.Store.Import(floats);

        // Then the databases hold the same bars, and no Dept is 'nan'
        a.Dump().Should().Equal(b.Dump());
        a.Scalar("SELECT COUNT(*) FROM bars WHERE dept='nan'").Should().Be(0);
        a.Scalar("SELECT COUNT(*) FROM bars").Should().Be(848);
    }

    private static string Write(string dir, string name, params string[] rows) => Write(dir, name, Header2026, rows);

    private static string Write(string dir, string name, string header, string[] rows)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllLines(path, [header, .. rows]);
        return path;
    }

    /// <summary>(code, date key) → ChangesRatio (percent), read straight from the file's text.</summary>
    private static Dictionary<(string, int), double> ChangesRatioColumn(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var header = reader.ReadLine()!.Split(',');
        int At(string c) => Array.IndexOf(header, c);
        var (code, date, old, ratio) = (At("Code"), At("Date"), At("ChagesRatio"), At("ChangesRatio"));
        var result = new Dictionary<(string, int), double>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = line.Split(',');
            f[old].Should().BeEmpty("the 2026 layout leaves ChagesRatio empty");
            result[(f[code], int.Parse(f[date].Replace("-", "", StringComparison.Ordinal), CultureInfo.InvariantCulture))] = double.Parse(f[ratio], CultureInfo.InvariantCulture);
        }

        return result;
    }
}
