using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Store;

/// <summary>What a database holds: per source, per index and per market (for <c>kosmo data info</c>).</summary>
public sealed record StoreInfo
{
    /// <summary>One row per source: name, basis, precedence, files, rows, codes, first/last date (yyyymmdd, 0 when empty).</summary>
    public required IReadOnlyList<StoreSourceRow> Sources { get; init; }

    /// <summary>One row per index series: name, rows, first/last date.</summary>
    public required IReadOnlyList<StoreIndexRow> Indices { get; init; }

    /// <summary>Stock counts by market (KOSPI, KOSDAQ, KONEX, UNKNOWN).</summary>
    public required IReadOnlyDictionary<string, long> StocksByMarket { get; init; }

    internal static StoreInfo Read(SqliteConnection db)
    {
        var sources = new List<StoreSourceRow>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = """
                SELECT s.name, s.price_basis, s.precedence,
                       (SELECT COUNT(*) FROM files f WHERE f.source_id=s.source_id),
                       (SELECT COUNT(*) FROM bars b WHERE b.source_id=s.source_id),
                       (SELECT COUNT(DISTINCT code) FROM bars b WHERE b.source_id=s.source_id),
                       (SELECT IFNULL(MIN(date),0) FROM bars b WHERE b.source_id=s.source_id),
                       (SELECT IFNULL(MAX(date),0) FROM bars b WHERE b.source_id=s.source_id)
                FROM sources s ORDER BY s.precedence DESC
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                sources.Add(new StoreSourceRow(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt32(6), r.GetInt32(7)));
            }
        }

        var indices = new List<StoreIndexRow>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT name, COUNT(*), MIN(date), MAX(date) FROM index_bars GROUP BY name ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                indices.Add(new StoreIndexRow(r.GetString(0), r.GetInt64(1), r.GetInt32(2), r.GetInt32(3)));
            }
        }

        var markets = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT market, COUNT(*) FROM stocks GROUP BY market";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                markets[r.GetString(0)] = r.GetInt64(1);
            }
        }

        return new StoreInfo { Sources = sources, Indices = indices, StocksByMarket = markets };
    }
}
