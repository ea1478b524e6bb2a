using Kosmo.Core;
using Kosmo.Data.Marcap;
using Kosmo.Data.Synthetic;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Import;

/// <summary>A newer version of a file imported before (the current year's marcap file grows daily) replaces its rows.</summary>
public sealed class ReimportTests
{
    private static readonly Lazy<IReadOnlyList<MarcapRow>> _rows = new(() =>
        MarcapRows.FromSynthetic(SyntheticMarket.Generate(new SyntheticOptions { Seed = 5, Stocks = 10, Years = 1 })));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Import_Should_ReplaceTheEarlierRowsAndReportThem_When_ANewerVersionOfTheSameFileArrives(bool parquet)
    {
        // Given marcap-2014 with its first 100 days imported, then a newer download: 150 days, the closes of day 100 corrected
        using var db = new TempStore();
        var days = _rows.Value.Select(r => r.Date).Distinct().Order().ToList();
        var older = _rows.Value.Where(r => r.Date <= days[99]).ToList();
        var newer = _rows.Value.Where(r => r.Date <= days[149]).Select(r => r.Date == days[99] ? r with { Close = r.Close + 1, High = Math.Max(r.High, r.Close + 1) } : r).ToList();
        var v1 = WriteVersion(db.Dir, "v1", older, parquet);
        var v2 = WriteVersion(db.Dir, "v2", newer, parquet);
        db.Store.Import(v1);

        // When the newer version is imported
        var s = db.Store.Import(v2);

        // Then it replaced every stored row it covers, holds the new days, and carries the corrected closes
        s.AlreadyImported.Should().BeFalse();
        s.ReplacedRows.Should().Be(older.Count);
        db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(newer.Count);
        var code = newer.First(r => r.Date == days[99] && r.Volume > 0).Code;
        ((double)db.Value($"SELECT close FROM bars WHERE code='{code}' AND date={Key(days[99])}")!)
            .Should().Be(newer.First(r => r.Code == code && r.Date == days[99]).Close);

        // And importing either version again does nothing
        db.Store.Import(v2).AlreadyImported.Should().BeTrue();
        db.Store.Import(v1).AlreadyImported.Should().BeTrue();
        db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(newer.Count);
    }

    [Fact]
    public void Import_Should_KeepTheEarlierRows_When_TheNewerVersionIsInvalid()
    {
        // Given marcap-2014 imported, and a newer version with a negative price in its last row
        using var db = new TempStore();
        var older = _rows.Value.Take(2000).ToList();
        var bad = _rows.Value.Take(2500).ToList();
        bad[^1] = bad[^1] with { Low = -1 };
        db.Store.Import(WriteVersion(db.Dir, "v1", older, parquet: true));
        var before = db.Fingerprint();
        var dump = db.Dump();

        // When the newer version is imported
        var act = () => db.Store.Import(WriteVersion(db.Dir, "v2", bad, parquet: true));

        // Then it fails and the database still holds the earlier version's rows, unchanged
        act.Should().Throw<DataValidationException>().Which.Column.Should().Be("Low");
        db.Fingerprint().Should().Be(before);
        db.Dump().Should().Equal(dump);
    }

    [Fact]
    public void Import_Should_StillRejectOverlappingRows_When_AnotherFileOfTheSourceHoldsThem()
    {
        // Given marcap-2014.parquet imported, and a differently named file holding some of the same rows
        using var db = new TempStore();
        db.Store.Import(WriteVersion(db.Dir, "v1", _rows.Value.Take(1000).ToList(), parquet: true));
        var before = db.Fingerprint();
        var other = Path.Combine(db.Dir, "marcap-2014-extra.parquet");
        MarcapFixtureWriter.WriteParquet(other, _rows.Value.Skip(900).Take(200).ToList());

        // When it is imported
        var act = () => db.Store.Import(other);

        // Then the clash is an error (not a silent replacement) and the database is unchanged
        act.Should().Throw<DataValidationException>().Which.Problem.Should().Contain("already imported from another file");
        db.Fingerprint().Should().Be(before);
    }

    private static string WriteVersion(string dir, string version, IReadOnlyList<MarcapRow> rows, bool parquet)
    {
        var path = Path.Combine(dir, version, parquet ? "marcap-2014.parquet" : "marcap-2014.csv.gz");
        if (parquet)
        {
            MarcapFixtureWriter.WriteParquet(path, rows);
        }
        else
        {
            MarcapFixtureWriter.WriteCsv(path, rows);
        }

        return path;
    }

    private static int Key(DateOnly d) => d.Year * 10000 + d.Month * 100 + d.Day;
}
