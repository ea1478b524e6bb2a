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

    /// <summary>Per calendar year (ascending): stocks with survivorship-free rows and stocks from biased sources only.</summary>
    public IReadOnlyList<StoreYearRow> Years { get; init; } = [];

    /// <summary>Sources that hold every listed stock of their dates, delisted ones included.</summary>
    public static IReadOnlySet<string> FullMarketSources { get; } = new HashSet<string>(StringComparer.Ordinal) { "marcap", "synthetic" };

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

        return new StoreInfo { Sources = sources, Indices = indices, StocksByMarket = markets, Years = ReadYears(db) };
    }

    /// <summary>
    /// One pass over the distinct (source, code, year) triples of <c>bars</c> (in primary-key order, so SQLite groups as it
    /// scans); the per-year sets are built here.
    /// </summary>
    private static List<StoreYearRow> ReadYears(SqliteConnection db)
    {
        var full = new HashSet<long>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT source_id, name FROM sources";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (FullMarketSources.Contains(r.GetString(1)))
                {
                    full.Add(r.GetInt64(0));
                }
            }
        }

        var free = new Dictionary<int, HashSet<string>>();
        var biased = new Dictionary<int, HashSet<string>>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT DISTINCT source_id, code, date / 10000 FROM bars";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var into = full.Contains(r.GetInt64(0)) ? free : biased;
                var year = r.GetInt32(2);
                if (!into.TryGetValue(year, out var set))
                {
                    set = new HashSet<string>(StringComparer.Ordinal);
                    into[year] = set;
                }

                set.Add(r.GetString(1));
            }
        }

        var rows = new List<StoreYearRow>();
        foreach (var year in free.Keys.Union(biased.Keys).Order())
        {
            var f = free.GetValueOrDefault(year);
            var b = biased.GetValueOrDefault(year);
            var biasedOnly = b is null ? 0 : f is null ? b.Count : b.Count(c => !f.Contains(c));
            rows.Add(new StoreYearRow(year, f?.Count ?? 0, biasedOnly));
        }

        return rows;
    }
}
