using Kosmo.Data.Import;
using Kosmo.Data.Store;
using Kosmo.Data.Tests.Import;

namespace Kosmo.Data.Tests.Store;

public sealed class KosmoStoreTests
{
    [Fact]
    public void Open_Should_SeedTheFixedSourcesAndSchemaVersion_When_DatabaseIsNew()
    {
        // Given / When a new database
        using var db = new TempStore();

        // Then the six sources carry the fixed basis and precedence the panel loader relies on
        foreach (var s in SourceInfo.All)
        {
            db.Value($"SELECT price_basis FROM sources WHERE name='{s.Name}'").Should().Be(s.PriceBasis);
            db.Scalar($"SELECT precedence FROM sources WHERE name='{s.Name}'").Should().Be(s.Precedence);
        }

        db.Scalar("SELECT COUNT(*) FROM sources").Should().Be(6);
        db.Value("SELECT value FROM meta WHERE key='schema_version'").Should().Be(KosmoSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        db.Value("PRAGMA journal_mode").Should().Be("wal");
    }

    [Fact]
    public void Info_Should_ReportRowsCodesAndRangesPerSource_When_FilesAreImported()
    {
        // Given marcap and pykrx slices and a folder import of the Korean per-stock files
        using var db = new TempStore();
        db.Store.Import(Expected.Fixture("marcap_2024_head.csv.gz"));
        db.Store.Import(Expected.Fixture("pykrx_2024_head.csv.gz"));

        // When the info is read
        var info = db.Store.Info();

        // Then each source shows its files, rows, codes and date range; sources are ordered by precedence
        info.Sources.Select(s => s.Name).Should().Equal("synthetic", "marcap", "pykrx", "fdr", "yahoo", "csv");
        var marcap = info.Sources.Single(s => s.Name == "marcap");
        marcap.Files.Should().Be(1);
        marcap.Rows.Should().Be(Expected.Long("marcap", "rows"));
        marcap.Codes.Should().Be(Expected.Long("marcap", "codes"));
        (marcap.FirstDate, marcap.LastDate).Should().Be((20240102, 20240104));
        info.Sources.Single(s => s.Name == "pykrx").Rows.Should().Be(Expected.Long("pykrx", "rows"));
        info.Sources.Single(s => s.Name == "yahoo").Rows.Should().Be(0);
        info.StocksByMarket.Keys.Should().Contain(["KOSPI", "KOSDAQ", "KONEX"]);
    }

    [Fact]
    public void ImportAll_Should_ImportEveryCsvInAFolder_When_GivenAFolder()
    {
        // Given a folder holding the two Korean per-stock files
        using var db = new TempStore();
        var folder = Path.Combine(db.Dir, "perstock");
        Directory.CreateDirectory(folder);
        File.Copy(Expected.Fixture("005930.csv"), Path.Combine(folder, "005930.csv"));
        File.Copy(Expected.Fixture("000660.csv"), Path.Combine(folder, "000660.csv"));

        // When the folder is imported
        var results = db.Store.ImportAll([folder]);

        // Then both files are imported, in path order
        results.Select(r => Path.GetFileName(r.Path)).Should().Equal("000660.csv", "005930.csv");
        db.Scalar("SELECT COUNT(DISTINCT code) FROM bars").Should().Be(2);
    }
}
