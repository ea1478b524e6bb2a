using Kosmo.Core;
using Kosmo.Data.Import;
using Kosmo.Data.Panel;
using Kosmo.Data.Store;
using Kosmo.Data.Tests.Import;
using Kosmo.Data.Tests.Store;
using Kosmo.Data.Universe;
using Kosmo.Testing;

namespace Kosmo.Data.Tests.Panel;

/// <summary>
/// Point-in-time market membership on the committed marcap mirror (tests/fixtures/marcap/mirror, written by
/// tools/make_marcap_fixtures.sh): a three-year synthetic marcap market in which two KOSDAQ stocks that trade over the
/// whole calendar move to KOSPI on the calendar's middle day (MarcapRows.FromSynthetic), as KOSDAQ → KOSPI transfers do.
/// </summary>
public sealed class PointInTimeMarketTests
{
    private static string Mirror => TestData.Fixture("marcap", "mirror");

    [Fact]
    public void Import_Should_StoreEachDaysMarket_When_MarcapRowsCarryIt()
    {
        // Given the mirror's three years (two parquet files, one csv.gz)
        using var db = new TempStore();

        // When they are imported
        db.Store.ImportAll([Mirror]);

        // Then every row carries its day's market, the two movers carry both, and stock_markets lists both for them
        db.Scalar("SELECT COUNT(*) FROM bars WHERE market IS NULL").Should().Be(0);
        db.Scalar("SELECT COUNT(*) FROM (SELECT code FROM bars GROUP BY code HAVING COUNT(DISTINCT market) = 2)").Should().Be(2);
        db.Scalar("SELECT COUNT(*) FROM (SELECT code FROM stock_markets GROUP BY code HAVING COUNT(*) = 2)").Should().Be(2);
        db.Scalar("SELECT COUNT(*) FROM stocks s JOIN (SELECT code FROM stock_markets GROUP BY code HAVING COUNT(*) = 2) m USING(code) WHERE s.market = 'KOSPI'")
            .Should().Be(2, "the stock-level market is the latest one");
        db.Scalar("SELECT value FROM meta WHERE key='schema_version'").Should().Be(KosmoSchema.Version);
    }

    [Fact]
    public void Load_Should_GiveTheMarketOfEachDate_When_AStockMovedFromKosdaqToKospi()
    {
        // Given the imported mirror
        using var db = new TempStore();
        db.Store.ImportAll([Mirror]);

        // When the panel is loaded
        var panel = new PanelLoader(db.DbPath).Load().Panel;

        // Then each mover is KOSDAQ before the calendar's middle day and KOSPI from it on; every other stock has no dated history
        var moveT = panel.DateCount / 2;
        var movers = Movers(panel);
        movers.Should().HaveCount(2);
        foreach (var i in movers)
        {
            panel.Stocks[i].Market.Should().Be(Market.Kospi);
            panel.MarketHistory(i).Should().Equal(new MarketSpan(0, Market.Kosdaq), new MarketSpan(moveT, Market.Kospi));
            panel.MarketAt(i, moveT - 1).Should().Be(Market.Kosdaq);
            panel.MarketAt(i, moveT).Should().Be(Market.Kospi);
        }

        Enumerable.Range(0, panel.CodeCount).Except(movers).Should().OnlyContain(i => panel.MarketHistory(i).Count == 0);
    }

    [Fact]
    public void Universe_Should_DropAMoverAfterItsMoveWithTheMarketReason_When_RestrictedToKosdaq()
    {
        // Given the mirror loaded for KOSDAQ only (as a run with data.markets: [KOSDAQ] loads it)
        using var db = new TempStore();
        db.Store.ImportAll([Mirror]);
        var all = new PanelLoader(db.DbPath).Load().Panel;
        var kosdaq = new PanelLoader(db.DbPath).Load(new PanelLoadOptions { Markets = new HashSet<Market> { Market.Kosdaq } }).Panel;

        // When the universe is built with markets KOSDAQ only, and with the default KOSPI + KOSDAQ
        var onlyKosdaq = UniverseBuilder.Build(kosdaq, new UniverseRules { Markets = new HashSet<Market> { Market.Kosdaq }, MinHistoryDays = 5 });
        var both = UniverseBuilder.Build(kosdaq, new UniverseRules { MinHistoryDays = 5 });

        // Then the movers are loaded (KOSDAQ members before their move) though their latest market is KOSPI, pure KOSPI stocks are not
        var movers = Movers(kosdaq);
        movers.Should().HaveCount(2);
        var kospiOnly = Enumerable.Range(0, all.CodeCount).Where(i => all.Stocks[i].Market == Market.Kospi && all.MarketHistory(i).Count == 0).Select(i => all.Codes[i]).ToList();
        kospiOnly.Should().NotBeEmpty();
        kosdaq.Codes.Should().NotIntersectWith(kospiOnly);

        // And before the move no mover is charged to the market rule and some are members; from the move on every listed day is
        // excluded for its market (the reason recorded), while with KOSPI allowed the mover stays eligible after its move
        var moveT = kosdaq.DateCount / 2;
        foreach (var i in movers)
        {
            Enumerable.Range(0, moveT).Should().OnlyContain(t => onlyKosdaq.ReasonOf(i, t) != ExclusionReason.Market);
            Enumerable.Range(moveT, kosdaq.DateCount - moveT).Should().OnlyContain(t => onlyKosdaq.ReasonOf(i, t) == ExclusionReason.Market);
            Enumerable.Range(0, kosdaq.DateCount).Should().OnlyContain(t => both.ReasonOf(i, t) != ExclusionReason.Market);
        }

        movers.Should().Contain(i => Enumerable.Range(0, moveT).Any(t => onlyKosdaq.IsMember(i, t)), "a mover is a KOSDAQ member before its move");
        movers.Should().Contain(i => Enumerable.Range(moveT, kosdaq.DateCount - moveT).Any(t => both.IsMember(i, t)), "and a KOSPI member after it");
    }

    [Fact]
    public void Load_Should_KeepTheStockLevelMarket_When_ASourceHasNoMarketColumn()
    {
        // Given a per-stock OHLCV file (no market column) imported
        using var db = new TempStore();
        db.Store.Import(Expected.Fixture("pykrx_2024_head.csv.gz"));

        // When the panel is loaded
        var panel = new PanelLoader(db.DbPath).Load().Panel;

        // Then no row carries a market, and every stock has its stock-level market on every date
        db.Scalar("SELECT COUNT(*) FROM bars WHERE market IS NOT NULL").Should().Be(0);
        db.Scalar("SELECT COUNT(*) FROM stock_markets").Should().Be(0);
        Enumerable.Range(0, panel.CodeCount).Should().OnlyContain(i => panel.MarketHistory(i).Count == 0
            && panel.MarketAt(i, 0) == panel.Stocks[i].Market && panel.MarketAt(i, panel.DateCount - 1) == panel.Stocks[i].Market);
    }

    [Fact]
    public void Info_Should_CountAMoverUnderTheMarketOfEachYear_When_RowsCarryTheirMarket()
    {
        // Given the imported mirror (moves on the middle day of 2014-2016, i.e. in 2015)
        using var db = new TempStore();
        db.Store.ImportAll([Mirror]);
        var panel = new PanelLoader(db.DbPath).Load().Panel;
        var moveYear = panel.Dates[panel.DateCount / 2].Year;

        // When the data info is read
        var years = db.Store.Info().Years.ToDictionary(y => y.Year);

        // Then each year counts every stock under the market of its last listed day of that year (the movers as KOSDAQ before
        // the move year, as KOSPI after it), exactly as the panel's dated markets say
        foreach (var (year, row) in years)
        {
            var expected = new Dictionary<string, long>();
            for (var i = 0; i < panel.CodeCount; i++)
            {
                var last = Enumerable.Range(0, panel.DateCount).LastOrDefault(t => panel.Dates[t].Year == year
                    && !(float.IsNaN(panel.Get(PanelField.Close, i, t)) && float.IsNaN(panel.Get(PanelField.Volume, i, t))), -1);
                if (last >= 0)
                {
                    var name = panel.MarketAt(i, last).ToString().ToUpperInvariant();
                    expected[name] = expected.GetValueOrDefault(name) + 1;
                }
            }

            row.ByMarket.Should().BeEquivalentTo(expected, $"year {year}");
            row.ByMarket.Values.Sum().Should().Be(row.SurvivorshipFree + row.BiasedOnly);
        }

        var movers = Movers(panel).Select(i => panel.Codes[i]).ToHashSet();
        movers.Should().HaveCount(2);
        years[panel.Dates[0].Year].ByMarket["KOSDAQ"].Should().BeGreaterThanOrEqualTo(2);
        moveYear.Should().BeInRange(panel.Dates[0].Year + 1, panel.Dates[^1].Year - 1);
    }

    [Fact]
    public void Open_Should_AddTheMarketColumnAndMakeMarcapFilesReimportable_When_DatabaseIsSchemaVersion2()
    {
        // Given a database as version 2 left it: the mirror imported without per-day markets
        using (var v2 = new TempStore())
        {
            v2.Store.ImportAll([Mirror]);
            Scalar(v2.Store, "ALTER TABLE bars DROP COLUMN market; DROP TABLE stock_markets; UPDATE meta SET value='2' WHERE key='schema_version'");
            var rows = v2.Scalar("SELECT COUNT(*) FROM bars");
            var path = v2.DbPath;
            v2.Store.Dispose();

            // When it is opened again (read-only first: readable as it is)
            var before = new PanelLoader(path).Load().Panel;
            using var store = KosmoStore.Open(path);
            var migrated = new PanelLoader(path).Load().Panel;

            // Then version 3 adds the column (NULL on the stored rows: the panel reads as before, without dated markets)
            Scalar(store, "SELECT value FROM meta WHERE key='schema_version'").Should().Be("3");
            Scalar(store, "SELECT COUNT(*) FROM bars WHERE market IS NULL").Should().Be(rows);
            Enumerable.Range(0, migrated.CodeCount).Should().OnlyContain(i => migrated.MarketHistory(i).Count == 0);
            Enumerable.Range(0, before.CodeCount).Should().OnlyContain(i => before.MarketHistory(i).Count == 0);

            // And importing the same marcap files again replaces their rows with rows that carry each day's market
            var again = store.ImportAll([Mirror]);
            again.Should().OnlyContain(s => !s.AlreadyImported && s.ReplacedRows == s.Rows);
            Scalar(store, "SELECT COUNT(*) FROM bars").Should().Be(rows);
            Scalar(store, "SELECT COUNT(*) FROM bars WHERE market IS NULL").Should().Be(0L);
            Movers(new PanelLoader(path).Load().Panel).Should().HaveCount(2);

            // And a third import is a no-op (identical content)
            store.ImportAll([Mirror]).Should().OnlyContain(s => s.AlreadyImported);
        }
    }

    /// <summary>Code indices with a dated market history that starts on KOSDAQ and ends on KOSPI.</summary>
    private static List<int> Movers(Kosmo.Core.Panel panel) => Enumerable.Range(0, panel.CodeCount)
        .Where(i => panel.MarketHistory(i) is { Count: > 1 } h && h[0].Market == Market.Kosdaq && h[^1].Market == Market.Kospi)
        .ToList();

    private static object? Scalar(KosmoStore store, string sql)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
