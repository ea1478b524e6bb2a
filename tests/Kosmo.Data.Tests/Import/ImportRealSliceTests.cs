using Kosmo.Core;
using Kosmo.Data.Import;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Import;

/// <summary>Slices of the real KRX files (tests/fixtures/import, cut by tools/make_import_fixtures.py), checked against pandas counts.</summary>
public sealed class ImportRealSliceTests
{
    [Fact]
    public void Import_Should_StoreMarcapRowsFlagsAndStocks_When_FileIsRealMarcapSlice()
    {
        // Given three real marcap days of 2024
        using var db = new TempStore();

        // When imported
        var s = db.Store.Import(Expected.Fixture("marcap_2024_head.csv.gz"));

        // Then rows, codes, halts and Dept flags match the pandas counts
        s.Format.Should().Be(ImportFormat.Marcap);
        s.Source.Should().Be("marcap");
        s.Rows.Should().Be(Expected.Long("marcap", "rows"));
        s.Codes.Should().Be((int)Expected.Long("marcap", "codes"));
        s.HaltedRows.Should().Be(Expected.Long("marcap", "halted"));
        (s.FirstDate, s.LastDate).Should().Be((20240102, 20240104));
        db.Scalar($"SELECT COUNT(*) FROM bars WHERE flags & {(int)BarFlags.Administrative}").Should().Be(Expected.Long("marcap", "administrative"));
        db.Scalar($"SELECT COUNT(*) FROM bars WHERE flags & {(int)BarFlags.InvestmentCaution}").Should().Be(Expected.Long("marcap", "caution"));
        db.Scalar($"SELECT COUNT(*) FROM bars WHERE flags & {(int)BarFlags.UpperLimit}").Should().Be(Expected.Long("marcap", "upper_limit"));
        db.Scalar($"SELECT COUNT(*) FROM bars WHERE flags & {(int)BarFlags.LowerLimit}").Should().Be(Expected.Long("marcap", "lower_limit"));
        db.Scalar($"SELECT COUNT(*) FROM bars WHERE flags & {(int)BarFlags.Halted}").Should().Be(Expected.Long("marcap", "halted"));

        // And halted rows' O/H/L 0.0 are stored as NULL, never 0
        db.Scalar("SELECT COUNT(*) FROM bars WHERE open = 0 OR high = 0 OR low = 0 OR close = 0").Should().Be(0);
        db.Scalar("SELECT COUNT(*) FROM bars WHERE open IS NULL").Should().Be(Expected.Long("marcap", "null_open"));

        // And one known row keeps its exact values (change ratio as a fraction)
        var e = Expected.Get("marcap_005930_20240103");
        db.Value("SELECT close FROM bars WHERE code='005930' AND date=20240103").Should().Be(e.GetProperty("close").GetDouble());
        db.Value("SELECT marcap FROM bars WHERE code='005930' AND date=20240103").Should().Be(e.GetProperty("marcap").GetDouble());
        db.Value("SELECT shares FROM bars WHERE code='005930' AND date=20240103").Should().Be(e.GetProperty("shares").GetDouble());
        ((double)db.Value("SELECT change_ratio FROM bars WHERE code='005930' AND date=20240103")!).Should().BeApproximately(e.GetProperty("change_ratio_pct").GetDouble() / 100, 1e-12);

        // And the stocks table holds every code with market and KOSDAQ GLOBAL marks
        db.Scalar("SELECT COUNT(*) FROM stocks").Should().Be(Expected.Long("marcap", "codes"));
        db.Scalar("SELECT COUNT(*) FROM stocks WHERE kosdaq_global=1").Should().Be(Expected.Long("marcap", "kosdaq_global"));
        db.Value("SELECT name FROM stocks WHERE code='005930'").Should().Be("삼성전자");
        db.Value("SELECT market FROM stocks WHERE code='005930'").Should().Be("KOSPI");
    }

    [Fact]
    public void Import_Should_KeepBothSourcesAndCountConflicts_When_PykrxOverlapsMarcap()
    {
        // Given the marcap slice imported
        using var db = new TempStore();
        db.Store.Import(Expected.Fixture("marcap_2024_head.csv.gz"));

        // When pykrx (back-adjusted) for the same days is imported
        var s = db.Store.Import(Expected.Fixture("pykrx_2024_head.csv.gz"));

        // Then both rows are kept per (code, date), and the > 0.5% close differences are counted as pandas counts them
        s.Source.Should().Be("pykrx");
        s.Rows.Should().Be(Expected.Long("pykrx", "rows"));
        s.CrossSourceConflicts.Should().Be(Expected.Long("pykrx", "conflicts_vs_marcap"));
        s.CrossSourceConflicts.Should().BeGreaterThan(0);
        db.Scalar("SELECT COUNT(*) FROM bars WHERE code='000040' AND date=20240102").Should().Be(2);
    }

    [Fact]
    public void Import_Should_NullOhlAndCountRepairs_When_YahooCloseLiesOutsideRange()
    {
        // Given three real Yahoo KOSDAQ histories (close raw, O/H/L split-adjusted)
        using var db = new TempStore();

        // When imported
        var s = db.Store.Import(Expected.Fixture("yahoo_kosdaq_3codes.csv.gz"));

        // Then each inconsistent row has O/H/L NULL, close and adj_close kept, the Repaired flag, and the count matches pandas
        s.Source.Should().Be("yahoo");
        s.Rows.Should().Be(Expected.Long("yahoo", "rows"));
        s.Repairs["yahoo_ohl_nulled"].Should().Be(Expected.Long("yahoo", "ohl_nulled"));
        db.Scalar($"SELECT COUNT(*) FROM bars WHERE flags & {(int)BarFlags.Repaired}").Should().Be(Expected.Long("yahoo", "ohl_nulled"));
        db.Scalar("SELECT COUNT(*) FROM bars WHERE high IS NOT NULL AND (close > high OR close < low OR open > high OR open < low)").Should().Be(0);
        db.Scalar("SELECT COUNT(*) FROM bars WHERE adj_close IS NULL").Should().Be(0);
        db.Value("SELECT market FROM stocks LIMIT 1").Should().Be("KOSDAQ");
    }

    [Fact]
    public void Import_Should_WidenHighLowAndCount_When_BackAdjustedCloseLiesOutsideRange()
    {
        // Given two real FDR histories that have rounding-outside rows
        using var db = new TempStore();

        // When imported
        var s = db.Store.Import(Expected.Fixture("fdr_2codes.csv.gz"));

        // Then high/low are widened to contain open and close on exactly the pandas-counted rows
        s.Source.Should().Be("fdr");
        s.Rows.Should().Be(Expected.Long("fdr", "rows"));
        s.Repairs["high_low_widened"].Should().Be(Expected.Long("fdr", "high_low_widened"));
        db.Scalar("SELECT COUNT(*) FROM bars WHERE close > high OR close < low OR open > high OR open < low").Should().Be(0);
        db.Scalar("SELECT COUNT(*) FROM stocks WHERE market='UNKNOWN'").Should().Be(2);
    }

    [Fact]
    public void Import_Should_DecodeCp949AndTakeCodeFromFileName_When_HeaderIsKorean()
    {
        // Given 005930.csv in CP949 and 000660.csv in UTF-8 with a BOM, both with the Korean pykrx header
        using var db = new TempStore();

        // When imported
        var cp949 = db.Store.Import(Expected.Fixture("005930.csv"));
        var bom = db.Store.Import(Expected.Fixture("000660.csv"));

        // Then both are generic 'csv' OHLCV with the code from the file name and percent change as a fraction
        cp949.Encoding.Should().Be("cp949");
        bom.Encoding.Should().Be("utf-8");
        cp949.Source.Should().Be("csv");
        cp949.Rows.Should().Be(Expected.Long("korean", "rows_005930"));
        bom.Rows.Should().Be(Expected.Long("korean", "rows_000660"));
        db.Value("SELECT close FROM bars WHERE code='005930' ORDER BY date LIMIT 1").Should().Be(Expected.Double("korean", "close_005930_first"));
        ((double)db.Value("SELECT change_ratio FROM bars WHERE code='005930' ORDER BY date LIMIT 1")!)
            .Should().BeApproximately(Expected.Double("korean", "change_pct_005930_first") / 100, 1e-12);
    }

    [Fact]
    public void Import_Should_SkipAndChangeNothing_When_SameFileIsImportedAgain()
    {
        // Given the marcap slice imported once
        using var db = new TempStore();
        var first = db.Store.Import(Expected.Fixture("marcap_2024_head.csv.gz"));
        var before = db.Fingerprint();

        // When the same content is imported again (through a different path)
        var copy = Path.Combine(db.Dir, "renamed.csv.gz");
        File.Copy(Expected.Fixture("marcap_2024_head.csv.gz"), copy);
        var again = db.Store.Import(copy);

        // Then it is recognised by its SHA-256 and nothing changes
        again.AlreadyImported.Should().BeTrue();
        again.Sha256.Should().Be(first.Sha256);
        again.Rows.Should().Be(first.Rows);
        db.Fingerprint().Should().Be(before);
    }

    [Fact]
    public void Import_Should_NullNegativeAdjClose_When_YahooDividendAdjustmentGoesBelowZero()
    {
        // Given the real Yahoo history of the first code whose AdjClose turns negative
        using var db = new TempStore();

        // When imported
        var s = db.Store.Import(Expected.Fixture("yahoo_negative_adjclose.csv.gz"));

        // Then those adjusted closes are NULL, counted, and flagged; nothing negative is stored
        s.Rows.Should().Be(Expected.Long("yahoo_negative", "rows"));
        s.Repairs["negative_adj_close_to_null"].Should().Be(Expected.Long("yahoo_negative", "negative_adj_close"));
        db.Scalar("SELECT COUNT(*) FROM bars WHERE adj_close < 0 OR close < 0").Should().Be(0);
        db.Scalar("SELECT COUNT(*) FROM bars WHERE adj_close IS NULL").Should().BeGreaterThanOrEqualTo(Expected.Long("yahoo_negative", "negative_adj_close"));
    }
}
