using Kosmo.Data.Import;
using Kosmo.Data.Tests.Store;
using Kosmo.Testing;

namespace Kosmo.Data.Tests.Import;

/// <summary>Whole small files from ../shared/data/krx (the index series and the code list).</summary>
public sealed class ImportRealDataTests
{
    [RealDataFact]
    public void Import_Should_StoreIndexSeriesNamedFromFileName_When_FilesAreRealIndexFiles()
    {
        // Given the real KOSDAQ (KRX layout) and VIX (Yahoo layout) index files
        using var db = new TempStore();

        // When imported
        var kosdaq = db.Store.Import(TestData.Krx("index_KOSDAQ.csv.gz"));
        var vix = db.Store.Import(TestData.Krx("index_VIX.csv.gz"));

        // Then every row with a close is stored under the name from the file name; VIX's empty rows are skipped and counted
        kosdaq.Format.Should().Be(ImportFormat.Index);
        kosdaq.Rows.Should().Be(Expected.Long("index_KOSDAQ", "rows_with_close"));
        vix.Rows.Should().Be(Expected.Long("index_VIX", "rows_with_close"));
        vix.Repairs["index_rows_without_close_skipped"].Should().Be(Expected.Long("index_VIX", "rows_without_close"));
        db.Scalar("SELECT COUNT(*) FROM index_bars WHERE name='KOSDAQ'").Should().Be(kosdaq.Rows);
        db.Value("SELECT close FROM index_bars WHERE name='KOSDAQ' AND date=19960701").Should().Be(1000.0);
        db.Scalar("SELECT COUNT(*) FROM index_bars WHERE name='KOSDAQ' AND marcap IS NULL AND date < 19970103").Should().BeGreaterThan(0);
        db.Scalar("SELECT COUNT(*) FROM index_bars WHERE close = 0 OR marcap = 0").Should().Be(0);
    }

    [RealDataFact]
    public void Import_Should_FillUnknownMarkets_When_CodeListFollowsPykrx()
    {
        // Given pykrx rows (no market column) imported first
        using var db = new TempStore();
        db.Store.Import(Expected.Fixture("pykrx_2024_head.csv.gz"));
        db.Scalar("SELECT COUNT(*) FROM stocks WHERE market<>'UNKNOWN'").Should().Be(0);

        // When the codes_seen list is imported
        var s = db.Store.Import(TestData.Krx("codes_seen_in_marcap_2021-2025.csv"));

        // Then known codes get name and market, and the list adds every marcap code
        s.Format.Should().Be(ImportFormat.StockList);
        s.Rows.Should().Be(3074);
        db.Value("SELECT market FROM stocks WHERE code='005930'").Should().Be("KOSPI");
        db.Value("SELECT name FROM stocks WHERE code='005930'").Should().Be("삼성전자");
        db.Scalar("SELECT COUNT(*) FROM stocks WHERE market='UNKNOWN'").Should().BeLessThan(60);
    }
}
