using Kosmo.Core;
using Kosmo.Data.Import;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Import;

/// <summary>Index series are known by identity (KOSPI, KOSDAQ, ...), not by the whole file name.</summary>
public sealed class IndexIdentityTests
{
    private const string Header = "Date,Close,UpDown,Comp,Change,Open,High,Low,Volume,Amount,MarCap";

    [Theory]
    [InlineData("index_KOSDAQ.csv.gz", "KOSDAQ")]
    [InlineData("index_KOSDAQ_2025-07_onward.csv.gz", "KOSDAQ")]
    [InlineData("/data/krx/index_kospi200-2026.csv", "KOSPI200")]
    [InlineData("KOSPI_daily.csv", "KOSPI")]
    [InlineData("index_VIX.csv.gz", "VIX")]
    [InlineData("usdkrw.2024.csv", "USDKRW")]
    [InlineData("index_KOSPIX.csv", "KOSPIX")]
    [InlineData("index_my_series.csv", "MY_SERIES")]
    public void IndexNameOf_Should_RecogniseTheKnownIndex_When_TheFileNameHasAnySuffix(string path, string expected) =>
        FileLayout.IndexNameOf(path).Should().Be(expected);

    [Fact]
    public void IndexNameOf_Should_UseTheExplicitName_When_OneIsGiven() =>
        FileLayout.IndexNameOf("index_KOSDAQ_2025-07_onward.csv.gz", "kospi").Should().Be("KOSPI");

    [Fact]
    public void Import_Should_ExtendTheSameSeries_When_AContinuationFileOverlapsWithEqualValues()
    {
        // Given KOSDAQ up to 2025-06-30 and a continuation file from 2025-06-27 (overlap equal up to rounding)
        using var db = new TempStore();
        var first = Write(db.Dir, "index_KOSDAQ.csv", ("2025-06-26", 780.10), ("2025-06-27", 781.20), ("2025-06-30", 782.30));
        var next = Write(db.Dir, "index_KOSDAQ_2025-06_onward.csv", ("2025-06-27", 781.2001), ("2025-06-30", 782.30), ("2025-07-01", 790.00), ("2025-07-02", 791.50));

        // When both are imported
        db.Store.ImportAll([first, next]);

        // Then one series KOSDAQ holds every date once
        db.Dump("index_bars").Select(r => r.Split('|')[0]).Distinct().Should().Equal("KOSDAQ");
        db.Scalar("SELECT COUNT(*) FROM index_bars WHERE name='KOSDAQ'").Should().Be(5);
        db.Scalar("SELECT MAX(date) FROM index_bars WHERE name='KOSDAQ'").Should().Be(20250702);
    }

    [Fact]
    public void Import_Should_FailNamingFileLineAndDate_When_AnOverlappingDateDisagrees()
    {
        // Given KOSDAQ imported, and a continuation whose 2025-06-30 close differs by 1 %
        using var db = new TempStore();
        db.Store.Import(Write(db.Dir, "index_KOSDAQ.csv", ("2025-06-27", 781.20), ("2025-06-30", 782.30)));
        var before = db.Fingerprint();
        var next = Write(db.Dir, "index_KOSDAQ_2025-07_onward.csv", ("2025-06-30", 790.10), ("2025-07-01", 790.00));

        // When the continuation is imported
        var act = () => db.Store.Import(next);

        // Then the error names the file, line 2 and the date; the database is unchanged
        var e = act.Should().Throw<DataValidationException>().Which;
        e.File.Should().Be(next);
        e.Line.Should().Be(2);
        e.Message.Should().Contain("KOSDAQ").And.Contain("2025-06-30").And.Contain("782.3");
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void Import_Should_FileTheSeriesUnderTheGivenName_When_IndexNameIsExplicit()
    {
        // Given an index file whose name says nothing of the series
        using var db = new TempStore();
        var path = Write(db.Dir, "download (3).csv", ("2025-07-01", 3100.5), ("2025-07-02", 3120.0));

        // When it is imported with IndexName = KOSPI
        var s = db.Store.Import(path, options: new ImportOptions { IndexName = "KOSPI" });

        // Then its rows belong to KOSPI
        s.Format.Should().Be(ImportFormat.Index);
        db.Scalar("SELECT COUNT(*) FROM index_bars WHERE name='KOSPI'").Should().Be(2);
    }

    [Fact]
    public void Import_Should_ReplaceTheSeriesRows_When_ANewerVersionOfTheSameFileDisagrees()
    {
        // Given index_KOSPI.csv imported, then re-downloaded with a corrected close and one more day
        using var db = new TempStore();
        var v1 = Path.Combine(db.Dir, "v1");
        var v2 = Path.Combine(db.Dir, "v2");
        Directory.CreateDirectory(v1);
        Directory.CreateDirectory(v2);
        db.Store.Import(Write(v1, "index_KOSPI.csv", ("2025-06-27", 3055.0), ("2025-06-30", 3071.7)));

        // When the newer version is imported
        var s = db.Store.Import(Write(v2, "index_KOSPI.csv", ("2025-06-27", 3055.0), ("2025-06-30", 3071.9), ("2025-07-01", 3089.6)));

        // Then it replaces the two stored dates and adds the new one
        s.ReplacedRows.Should().Be(2);
        db.Scalar("SELECT COUNT(*) FROM index_bars").Should().Be(3);
        ((double)db.Value("SELECT close FROM index_bars WHERE date=20250630")!).Should().Be(3071.9);
    }

    private static string Write(string dir, string name, params (string Date, double Close)[] rows)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllLines(path, [Header, .. rows.Select(r => FormattableString.Invariant($"{r.Date},{r.Close},,,,{r.Close},{r.Close},{r.Close},1000,2000,"))]);
        return path;
    }
}
